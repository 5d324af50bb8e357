package io.mcphub.plugins.balancing;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Power of two choices over cost = (in flight + 1) x average latency. Latency matters as well as the
 * in-flight count because with sequential clients a slow node rarely has more in flight than a fast one
 * at the moment of a pick, yet it is the worse choice.
 */
final class PowerOfTwoBalancer implements LoadBalancer {
    private final Supplier<RandomGenerator> random;
    private final LoadTracker tracker;

    PowerOfTwoBalancer(PowerOfTwoConfig config, Supplier<RandomGenerator> random) {
        this.random = random;
        this.tracker =
                new LoadTracker(config.ewmaAlpha(), TimeUnit.MILLISECONDS.toNanos(config.failurePenaltyMillis()));
    }

    @Override
    public Picker picker(NodeSet nodes) {
        HealthyIndex healthy = HealthyIndex.of(nodes);
        NodeStats[] stats = tracker.statsFor(nodes, healthy);
        int n = healthy.size();
        return request -> {
            if (n <= 1) {
                return n == 0 ? Optional.empty() : healthy.optional(0);
            }
            RandomGenerator rnd = random.get();
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n - 1);
            if (b >= a) {
                b++; // two distinct candidates, each pair equally likely
            }
            return healthy.optional(lighter(stats[b], stats[a]) ? b : a);
        };
    }

    /**
     * True when {@code x} costs less than {@code y}. Until both have a latency sample only in-flight
     * counts compare: an unmeasured node must not look free, or a node that never answers would draw
     * every request.
     */
    private static boolean lighter(NodeStats x, NodeStats y) {
        double lx = x.latencyNanos();
        double ly = y.latencyNanos();
        if (lx == 0 || ly == 0) {
            return x.inFlight.get() < y.inFlight.get();
        }
        return (x.inFlight.get() + 1) * lx < (y.inFlight.get() + 1) * ly;
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
