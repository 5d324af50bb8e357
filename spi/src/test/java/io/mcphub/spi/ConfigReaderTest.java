package io.mcphub.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    private static ConfigView block(Map<String, ?> values) {
        return ConfigView.of("systemConfig.cluster.stickySession", values);
    }

    @Test
    void missingKeys_giveDefaultsWithoutProblems() {
        ConfigReader r = new ConfigReader(ConfigView.empty("a.b"));
        assertTrue(r.bool("enabled", true));
        assertEquals("x", r.string("name", "x"));
        assertEquals(7, r.integer("n", 7, 1, 10));
        assertTrue(r.result("v").isOk());
        assertTrue(r.result("v").warnings().isEmpty());
    }

    @Test
    void everyBadValue_isReportedWithPathValueAndExpectation() {
        ConfigReader r = new ConfigReader(block(Map.of("enabled", "yes", "virtualNodes", -5, "sameSite", "Sometimes")));
        r.bool("enabled", true);
        r.integer("virtualNodes", 100, 1, 1000);
        r.oneOf("sameSite", "Lax", List.of("Strict", "Lax", "None"));
        ConfigResult<String> result = r.result("v");
        assertFalse(result.isOk());
        assertEquals(List.of(
                "systemConfig.cluster.stickySession.enabled: \"yes\" (expected: true or false)",
                "systemConfig.cluster.stickySession.virtualNodes: -5 (expected: an integer >= 1)",
                "systemConfig.cluster.stickySession.sameSite: \"Sometimes\" (expected: one of Strict, Lax, None)"),
                result.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void valueAboveSoftMax_isClampedWithAWarning() {
        ConfigReader r = new ConfigReader(block(Map.of("virtualNodes", 50_000, "factor", 99.5)));
        assertEquals(1000, r.integer("virtualNodes", 100, 1, 1000));
        assertEquals(10.0, r.number("factor", 1.25, 1.0, false, 10.0));
        ConfigResult<String> result = r.result("v");
        assertTrue(result.isOk());
        assertEquals("systemConfig.cluster.stickySession.virtualNodes: 50000 (expected: at most 1000; using 1000)",
                result.warnings().get(0).toString());
        assertEquals(2, result.warnings().size());
    }

    @Test
    void integralDouble_isAcceptedAsInteger_butFractionIsNot() {
        ConfigReader r = new ConfigReader(block(Map.of("a", 3.0, "b", 2.5)));
        assertEquals(3, r.integer("a", 1, 1, 10));
        assertEquals(1, r.integer("b", 1, 1, 10));
        assertEquals(1, r.errors().size());
    }

    @Test
    void nestedBlocks_carryTheirPath() {
        ConfigView v = block(Map.of("consistent-hash", Map.of("virtualNodes", 0)));
        ConfigReader outer = new ConfigReader(v);
        ConfigReader inner = new ConfigReader(outer.block("consistent-hash"));
        inner.integer("virtualNodes", 100, 1, 1000);
        assertEquals("systemConfig.cluster.stickySession.consistent-hash.virtualNodes",
                inner.errors().get(0).path());
        assertEquals("systemConfig.cluster.stickySession.nope", new ConfigReader(v).block("nope").path());
    }

    @Test
    void nonObjectWhereABlockBelongs_isAnError() {
        ConfigReader r = new ConfigReader(block(Map.of("cookie", "yes")));
        r.block("cookie");
        assertEquals("systemConfig.cluster.stickySession.cookie: \"yes\" (expected: an object)",
                r.errors().get(0).toString());
    }
}
