package io.mcphub.coordinator.registry;

import io.mcphub.metrics.HubMetrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's gauges, set when a scrape asks: nodes by state (their health, or {@code draining}) and each node's
 * heartbeat age. One pass over the registry's records per scrape.
 */
public final class RegistryGauges {
    private final NodeRegistry registry;
    private final Clock clock;
    private final MultiGauge nodes;
    private final MultiGauge heartbeatAge;

    private RegistryGauges(HubMetrics metrics, NodeRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.nodes = MultiGauge.builder("mcphub.cluster.nodes")
                .description("Registered nodes by state: healthy, suspect, unhealthy, or draining")
                .register(metrics.registry());
        this.heartbeatAge = MultiGauge.builder("mcphub.cluster.node.heartbeat.age")
                .description("Seconds since each node's last heartbeat")
                .baseUnit("seconds")
                .register(metrics.registry());
    }

    /** Registers the gauges and their refresh; nothing when metrics are off. */
    public static void install(HubMetrics metrics, NodeRegistry registry, Clock clock) {
        if (!metrics.enabled()) {
            return;
        }
        RegistryGauges g = new RegistryGauges(metrics, registry, clock);
        metrics.beforeScrape(g::refresh);
    }

    private void refresh() {
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (String state : List.of("healthy", "suspect", "unhealthy", "draining")) {
            byState.put(state, 0);
        }
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        long now = clock.millis();
        for (NodeRecord n : registry.nodes()) {
            String state = n.draining() ? "draining" : n.health().name().toLowerCase(Locale.ROOT);
            byState.merge(state, 1, Integer::sum);
            double age =
                    Duration.ofMillis(now - n.lastHeartbeat().toEpochMilli()).toMillis() / 1000.0;
            ages.add(MultiGauge.Row.of(Tags.of("node.id", n.id()), age));
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byState.forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("state", state), count)));
        nodes.register(rows, true);
        heartbeatAge.register(ages, true);
    }
}
