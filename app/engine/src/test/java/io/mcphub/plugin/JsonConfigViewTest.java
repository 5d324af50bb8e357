package io.mcphub.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.spi.ConfigView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonConfigViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valuesArePlainJdkTypes_andBlocksKnowTheirPath() throws Exception {
        JsonNode root = JSON.readTree("""
                {"systemConfig": {"cluster": {"stickySession": {"enabled": true, "strategy": "cookie",
                  "cookieName": null, "cookie": {"maxAge": 60, "ratio": 1.5, "list": [1, "a"]}}}}}""");
        ConfigView cluster = JsonConfigView.at(root, "systemConfig.cluster");
        ConfigView sticky = cluster.block("stickySession").orElseThrow();
        assertEquals("systemConfig.cluster.stickySession", sticky.path());
        assertEquals(Set.of("enabled", "strategy", "cookieName", "cookie"), sticky.keys());
        assertEquals(Boolean.TRUE, sticky.get("enabled").orElseThrow());
        assertEquals("cookie", sticky.get("strategy").orElseThrow());
        assertTrue(sticky.get("cookieName").isEmpty(), "JSON null reads as absent");
        ConfigView cookie = sticky.block("cookie").orElseThrow();
        assertEquals("systemConfig.cluster.stickySession.cookie.maxAge", cookie.pathOf("maxAge"));
        assertEquals(60L, cookie.get("maxAge").orElseThrow());
        assertEquals(1.5, cookie.get("ratio").orElseThrow());
        assertEquals(List.of(1L, "a"), cookie.get("list").orElseThrow());
    }

    @Test
    void missingBlock_isEmpty() throws Exception {
        ConfigView v = JsonConfigView.at(JSON.readTree("{}"), "systemConfig.cluster");
        assertTrue(v.keys().isEmpty());
        assertTrue(v.get("stickySession").isEmpty());
        assertEquals("systemConfig.cluster", v.path());
    }
}
