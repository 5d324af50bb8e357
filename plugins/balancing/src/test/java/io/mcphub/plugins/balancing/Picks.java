package io.mcphub.plugins.balancing;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.RoutingRequest;
import java.util.Map;
import java.util.TreeMap;

/** Counts picks per node id. */
final class Picks {
    static final RoutingRequest REQUEST = RoutingRequest.forSession("s", "time");

    static Map<String, Integer> count(LoadBalancer.Picker picker, int picks) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(picker.pick(REQUEST).orElseThrow().id(), 1, Integer::sum);
        }
        return counts;
    }

    private Picks() {}
}
