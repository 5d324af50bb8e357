package io.mcphub.coordinator.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's routing counters, counted where the outcomes are decided: a new placement in {@link Placer}, a
 * failover decision in {@link FailoverCall}. On the hub's registry ({@code ModeContext.metrics()}); with metrics off,
 * its meters record nothing.
 *
 * <p><b>Threading:</b> safe for any thread.
 */
final class RoutingMetrics {
    /** What became of a request whose attempt on a node failed. */
    enum Failover {
        /** it never reached the node: placed again on another replica */
        REPLACED("replaced"),
        /** it may have run on a node that failed, and is safe to run twice ({@link RetrySafety}): sent to another */
        RETRIED("retried"),
        /** it may have run on a node that failed: answered with an error, not retried */
        MAY_HAVE_RUN("may_have_run"),
        /** no healthy replica was left to try */
        NO_REPLICA("no_replica");

        final String label;

        Failover(String label) {
            this.label = label;
        }
    }

    static final RoutingMetrics NONE = new RoutingMetrics(new CompositeMeterRegistry());

    private final MeterRegistry registry;
    /** Per server, looked up once: a registry's own lookup builds a meter id and hashes its tags per placement. */
    private final Map<String, Counter> placements = new ConcurrentHashMap<>();

    RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void placed(String server) {
        Counter placed = placements.get(server);
        if (placed == null) {
            placed = placements.computeIfAbsent(
                    server,
                    s -> Counter.builder("mcphub.cluster.placements")
                            .description("New placements of a client session's server (or of a request) on a node")
                            .tag("mcphub.server", s)
                            .register(registry));
        }
        placed.increment();
    }

    void failover(String server, Failover what) {
        Counter.builder("mcphub.cluster.failovers")
                .description("Attempts on a node that failed, by what the coordinator did next")
                .tags("mcphub.server", server, "outcome", what.label)
                .register(registry)
                .increment();
    }
}
