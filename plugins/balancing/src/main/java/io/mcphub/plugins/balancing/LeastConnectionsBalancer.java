package io.mcphub.plugins.balancing;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Scans every healthy replica: O(n) per pick by nature. The scan starts at a random position so that
 * ties (an idle cluster) spread instead of all going to the first node.
 */
final class LeastConnectionsBalancer implements LoadBalancer {
    private final LeastConnectionsConfig config;
    private final Supplier<RandomGenerator> random;
    private final LoadTracker tracker = new LoadTracker(1.0, 0);

    LeastConnectionsBalancer(LeastConnectionsConfig config, Supplier<RandomGenerator> random) {
        this.config = config;
        this.random = random;
    }

    @Override
    public Picker picker(NodeSet nodes) {
        HealthyIndex healthy = HealthyIndex.of(nodes);
        NodeStats[] stats = tracker.statsFor(nodes, healthy);
        int n = healthy.size();
        boolean sessions = config.countSessions();
        boolean inFlight = config.countInFlight();
        return request -> {
            if (n == 0) {
                return Optional.empty();
            }
            int start = n == 1 ? 0 : random.get().nextInt(n);
            int best = -1;
            long bestLoad = Long.MAX_VALUE;
            for (int k = 0; k < n; k++) {
                int i = start + k < n ? start + k : start + k - n;
                long load = (sessions ? healthy.get(i).activeSessions() : 0) + (inFlight ? stats[i].inFlight.get() : 0);
                if (load < bestLoad) {
                    bestLoad = load;
                    best = i;
                }
            }
            return healthy.optional(best);
        };
    }

    @Override
    public void onStart(NodeView node) {
        tracker.start(node);
    }

    @Override
    public void onEnd(NodeView node, long elapsedNanos, boolean failed) {
        tracker.end(node, elapsedNanos, failed);
    }
}
