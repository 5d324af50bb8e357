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
        assertEquals(
                List.of(
                        "systemConfig.cluster.stickySession.enabled: \"yes\" (expected: true or false)",
                        "systemConfig.cluster.stickySession.virtualNodes: -5 (expected: an integer from 1 to 1000)",
                        "systemConfig.cluster.stickySession.sameSite: \"Sometimes\" (expected: one of Strict, Lax, "
                                + "None)"),
                result.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void valueAboveItsMaximum_isRefusedWithTheRange() {
        ConfigReader r = new ConfigReader(block(Map.of("virtualNodes", 50_000, "factor", 99.5)));
        assertEquals(100, r.integer("virtualNodes", 100, 1, 1000));
        assertEquals(1.25, r.number("factor", 1.25, 1.0, false, 10.0));
        ConfigResult<String> result = r.result("v");
        assertFalse(result.isOk());
        assertEquals(
                List.of(
                        "systemConfig.cluster.stickySession.virtualNodes: 50000 (expected: an integer from 1 to 1000)",
                        "systemConfig.cluster.stickySession.factor: 99.5 (expected: a number >= 1 and <= 10)"),
                result.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void unknownKeys_areWarningsNamingTheNearestKnownKey() {
        ConfigReader r = new ConfigReader(block(Map.of("enable", true, "strategy", "cookie", "zzzzzz", 1)));
        r.knownKeys(List.of("enabled", "strategy", "cookie"));
        ConfigResult<String> result = r.result("v");
        assertTrue(result.isOk());
        List<String> warnings =
                result.warnings().stream().map(ConfigProblem::toString).sorted().toList();
        assertEquals(
                List.of(
                        "systemConfig.cluster.stickySession.enable: (unknown key) (expected: a key this block knows;"
                                + " did you mean \"enabled\"?)",
                        "systemConfig.cluster.stickySession.zzzzzz: (unknown key) (expected: one of the keys this block"
                                + " knows: enabled, strategy, cookie)"),
                warnings);
    }

    @Test
    void nearest_findsTyposButNotUnrelatedWords() {
        List<String> known = List.of("mcpServers", "groups", "systemConfig");
        assertEquals("mcpServers", ConfigReader.nearest("mcpServer", known).orElseThrow());
        assertEquals("mcpServers", ConfigReader.nearest("MCPServers", known).orElseThrow());
        assertEquals(
                "enableGlobalRoute",
                ConfigReader.nearest("enableGlobalRoutes", List.of("enableGlobalRoute", "enableGroupNameRoute"))
                        .orElseThrow());
        assertTrue(ConfigReader.nearest("users", known).isEmpty());
    }

    @Test
    void stringsAndStringMaps_reportEveryBadItemByPath() {
        ConfigReader r =
                new ConfigReader(block(Map.of("args", List.of("a", 3L), "env", Map.of("N", 5L, "O", Map.of("x", 1L)))));
        assertEquals(List.of("a"), r.strings("args"));
        assertEquals(Map.of("N", "5"), r.stringMap("env"));
        assertEquals(
                List.of(
                        "systemConfig.cluster.stickySession.args[1]: 3 (expected: a string)",
                        "systemConfig.cluster.stickySession.env.O: {...} (expected: a string)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
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
        assertEquals(
                "systemConfig.cluster.stickySession.consistent-hash.virtualNodes",
                inner.errors().get(0).path());
        assertEquals(
                "systemConfig.cluster.stickySession.nope",
                new ConfigReader(v).block("nope").path());
    }

    @Test
    void nonObjectWhereABlockBelongs_isAnError() {
        ConfigReader r = new ConfigReader(block(Map.of("cookie", "yes")));
        r.block("cookie");
        assertEquals(
                "systemConfig.cluster.stickySession.cookie: \"yes\" (expected: an object)",
                r.errors().get(0).toString());
    }
}
