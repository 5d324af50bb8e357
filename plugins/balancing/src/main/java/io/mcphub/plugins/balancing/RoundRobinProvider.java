package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code round-robin}, the default policy: each healthy replica in turn. No options. */
public final class RoundRobinProvider implements LoadBalancerProvider<NoOptions> {
    public static final String NAME = "round-robin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<NoOptions> parse(ConfigView loadBalancing) {
        return NoOptions.parse(loadBalancing, NAME);
    }

    @Override
    public LoadBalancer create(NoOptions config) {
        // the position outlives snapshots, so a membership change does not restart the rotation at one node
        AtomicInteger next = new AtomicInteger();
        return nodes -> {
            List<NodeView> healthy = nodes.healthy();
            int n = healthy.size();
            if (n == 0) {
                return request -> Optional.empty();
            }
            NodeSet set = nodes;
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = set.indexOf(healthy.get(i).id());
            }
            return request -> set.optional(index[Math.floorMod(next.getAndIncrement(), n)]);
        };
    }
}
