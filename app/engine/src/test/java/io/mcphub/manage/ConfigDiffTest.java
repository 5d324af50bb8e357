package io.mcphub.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.config.HubSettings;
import io.mcphub.config.ServerConfig;
import io.mcphub.config.SettingsLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a change of the settings means for a running hub. */
class ConfigDiffTest {
    private static HubSettings parse(String json) throws Exception {
        return new SettingsLoader(v -> null).parse(json, "test");
    }

    @Test
    void serversAddedRemovedChanged_andOverrideOnlyChanges_areToldApart() throws Exception {
        HubSettings old = parse("{\"mcpServers\": {\"a\": {\"command\": \"x\"}, \"b\": {\"command\": \"y\"},"
                + " \"c\": {\"command\": \"z\"}}}");
        HubSettings next =
                parse("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"tools\": {\"t\": {\"enabled\": false}}},"
                        + " \"b\": {\"command\": \"y2\"}, \"d\": {\"command\": \"w\"}},"
                        + " \"groups\": [{\"id\": \"g\", \"servers\": [\"a\"]}]}");
        ConfigDiff diff = ConfigDiff.between(old, next);
        assertEquals(List.of("d"), diff.added().stream().map(ServerConfig::name).toList());
        assertEquals(List.of("c"), diff.removed());
        assertEquals(
                List.of("b"), diff.replaced().stream().map(ServerConfig::name).toList());
        assertEquals(
                List.of("a"),
                diff.overridesChanged().stream().map(ServerConfig::name).toList());
        assertTrue(diff.groupsChanged());
        assertFalse(diff.routingChanged());
        assertTrue(diff.restartOnly().isEmpty(), diff.restartOnly()::toString);
        assertTrue(ConfigDiff.between(next, next).isEmpty());
    }

    @Test
    void keysOnlyARestartApplies_areNamed_andTheRunningValuesKept() throws Exception {
        HubSettings old = parse("{\"mcpServers\": {}}");
        HubSettings next = parse("{\"mcpServers\": {}, \"systemConfig\": {\"nameSeparator\": \"_\","
                + " \"routing\": {\"enableGroupNameRoute\": false, \"enableBearerAuth\": true,"
                + " \"bearerAuthKey\": \"k\"}}}");
        ConfigDiff diff = ConfigDiff.between(old, next);
        assertTrue(diff.routingChanged());
        assertEquals(
                List.of(
                        "systemConfig.routing.enableBearerAuth",
                        "systemConfig.routing.bearerAuthKey",
                        "systemConfig.nameSeparator"),
                diff.restartOnly());
        HubSettings live = ConfigDiff.live(old, next);
        assertEquals("-", live.nameSeparator());
        assertFalse(live.routing().enableBearerAuth());
        assertFalse(live.routing().enableGroupNameRoute());
    }
}
