package io.mcphub.plugins.balancing;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Weighted round-robin: a schedule per snapshot, a counter per balancer. */
final class WeightedBalancer implements LoadBalancer {
    private final WeightedConfig config;
    private final AtomicLong next = new AtomicLong();

    WeightedBalancer(WeightedConfig config) {
        this.config = config;
    }

    @Override
    public Picker picker(NodeSet nodes) {
        HealthyIndex healthy = HealthyIndex.of(nodes);
        int n = healthy.size();
        if (n == 0) {
            return request -> Optional.empty();
        }
        int[] weights = new int[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            NodeView node = healthy.get(i);
            weights[i] = config.weightOf(node.id(), node.weight());
            ids[i] = node.id();
        }
        WeightedSchedule schedule = WeightedSchedule.of(weights, ids);
        return request -> healthy.optional(schedule.at(next.getAndIncrement()));
    }
}
