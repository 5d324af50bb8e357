package io.mcphub.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mcphub.plugin.PluginRegistry;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator parses its own block, once, into an immutable {@link CoordinatorConfig}. */
class CoordinatorProviderTest {
    private final CoordinatorProvider provider = new CoordinatorProvider();

    private static ConfigView cluster(Map<String, ?> coordinator) {
        return ConfigView.of(
                "systemConfig.cluster", Map.of("enabled", true, "mode", "coordinator", "coordinator", coordinator));
    }

    @Test
    void isFoundByTheRegistryUnderItsName() {
        assertInstanceOf(
                CoordinatorProvider.class,
                PluginRegistry.load(List.of()).hubPlugin("coordinator").orElseThrow());
    }

    @Test
    void noBlock_givesMcpHubsDefaults() {
        ConfigResult<CoordinatorConfig> r = provider.parse(ConfigView.empty("systemConfig.cluster"));
        assertEquals(
                new CoordinatorConfig(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofHours(1), 1_000_000),
                r.value());
    }

    @Test
    void everyFieldIsRead() {
        CoordinatorConfig c = provider.parse(cluster(Map.of(
                        "nodeTimeout",
                        2000L,
                        "cleanupInterval",
                        4000L,
                        "stickySessionTimeout",
                        60_000L,
                        "maxAffinityEntries",
                        50L)))
                .value();
        assertEquals(
                new CoordinatorConfig(Duration.ofMillis(2000), Duration.ofMillis(4000), Duration.ofMillis(60_000), 50),
                c);
    }

    @Test
    void badValues_areAllReportedWithTheirPaths() {
        ConfigResult<CoordinatorConfig> r = provider.parse(
                cluster(Map.of("nodeTimeout", -5L, "cleanupInterval", "soon", "maxAffinityEntries", 0L)));
        List<String> e = r.errors().stream().map(ConfigProblem::toString).toList();
        assertEquals(
                List.of(
                        "systemConfig.cluster.coordinator.nodeTimeout: -5"
                                + " (expected: milliseconds, an integer from 1 to 2678400000)",
                        "systemConfig.cluster.coordinator.cleanupInterval: \"soon\""
                                + " (expected: milliseconds, an integer from 1 to 2678400000)",
                        "systemConfig.cluster.coordinator.maxAffinityEntries: 0"
                                + " (expected: an integer from 1 to 100000000)"),
                e);
    }

    @Test
    void aHugeValue_isRefusedWithItsRange_notClamped() {
        ConfigResult<CoordinatorConfig> r = provider.parse(cluster(Map.of("maxAffinityEntries", 5_000_000_000L)));
        assertFalse(r.isOk());
        assertEquals(
                List.of("systemConfig.cluster.coordinator.maxAffinityEntries: 5000000000"
                        + " (expected: an integer from 1 to 100000000)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }
}
