package io.mcphub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code systemConfig.dashboard}: on at {@code /} by default, a path of its own, never over the hub's routes. */
class DashboardConfigTest {
    private static final SettingsLoader NO_ENV = new SettingsLoader(Map.<String, String>of()::get);

    private static HubSettings load(String json) throws ConfigException {
        return NO_ENV.parse(json, "test.json");
    }

    private static List<String> problems(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(json));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void noBlock_dashboardIsOnAtRoot() throws Exception {
        assertEquals(DashboardConfig.DEFAULTS, load("{}").dashboard());
        assertTrue(load("{}").dashboard().enabled());
    }

    @Test
    void pathAndFlag_areRead_trailingSlashDropped() throws Exception {
        HubSettings s = load("{\"systemConfig\": {\"dashboard\": {\"enabled\": false, \"path\": \"/ops/\"}}}");
        assertFalse(s.dashboard().enabled());
        assertEquals("/ops", s.dashboard().path());
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void pathOverTheHubsOwnRoutes_isAProblemWithPathValueAndExpected() {
        List<String> found = problems("{\"systemConfig\": {\"dashboard\": {\"path\": \"/api/ui\"}}}");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).startsWith("systemConfig.dashboard.path: \"/api/ui\" (expected: a URL path such as /"),
                found.toString());
        assertFalse(problems("{\"systemConfig\": {\"dashboard\": {\"path\": \"/mcp\"}}}")
                .isEmpty());
        assertFalse(problems("{\"systemConfig\": {\"dashboard\": {\"path\": \"no slash <b>\"}}}")
                .isEmpty());
    }

    @Test
    void unknownKeyInTheBlock_isWarnedWithTheNearestKnownKey() throws Exception {
        HubSettings s = load("{\"systemConfig\": {\"dashboard\": {\"enable\": false}}}");
        assertTrue(s.dashboard().enabled());
        assertTrue(
                s.warnings().stream()
                        .anyMatch(w -> w.toString().contains("systemConfig.dashboard.enable")
                                && w.toString().contains("enabled")),
                s.warnings().toString());
    }
}
