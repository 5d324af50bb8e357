package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistentHashProviderTest {
    private static final String PATH = "systemConfig.cluster.stickySession";
    private final ConsistentHashProvider provider = new ConsistentHashProvider();

    private ConfigResult<ConsistentHashConfig> parse(Map<String, ?> own) {
        return provider.parse(ConfigView.of(PATH, Map.of("strategy", "consistent-hash", "consistent-hash", own)));
    }

    @Test
    void missingBlock_givesDefaults() {
        ConfigResult<ConsistentHashConfig> r = provider.parse(ConfigView.empty(PATH));
        assertTrue(r.isOk());
        assertEquals(new ConsistentHashConfig(1000, 0), r.value());
        assertFalse(r.value().boundedLoad());
    }

    @Test
    void validOptions_areParsed() {
        ConfigResult<ConsistentHashConfig> r = parse(Map.of("virtualNodes", 200, "loadFactor", 1.25));
        assertEquals(new ConsistentHashConfig(200, 1.25), r.value());
        assertTrue(r.warnings().isEmpty());
    }

    @Test
    void invalidOptions_areReportedWithTheirPaths() {
        ConfigResult<ConsistentHashConfig> r = parse(Map.of("virtualNodes", 0, "loadFactor", 0.5));
        assertFalse(r.isOk());
        assertEquals(
                List.of(
                        PATH + ".consistent-hash.virtualNodes: 0 (expected: an integer from 1 to 4096)",
                        PATH + ".consistent-hash.loadFactor: 0.5 (expected: 0 (off) or a number >= 1)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void wrongTypes_areReported() {
        ConfigResult<ConsistentHashConfig> r = parse(Map.of("virtualNodes", "many"));
        assertEquals(
                PATH + ".consistent-hash.virtualNodes: \"many\" (expected: an integer from 1 to 4096)",
                r.errors().get(0).toString());
    }

    @Test
    void hugeValues_areRefusedWithTheirRange() {
        ConfigResult<ConsistentHashConfig> r = parse(Map.of("virtualNodes", 1_000_000, "loadFactor", 100));
        assertFalse(r.isOk());
        assertEquals(
                List.of(
                        PATH + ".consistent-hash.virtualNodes: 1000000 (expected: an integer from 1 to 4096)",
                        PATH + ".consistent-hash.loadFactor: 100 (expected: a number >= 0 and <= 10)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }
}
