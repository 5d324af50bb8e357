package io.mcphub.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigView;
import org.junit.jupiter.api.Test;

/** Every coordinator of a cluster signs cookies and headers with the same key unless one is configured. */
class StickySecretsTest {
    private static JsonNode settings(String cluster) throws Exception {
        return Json.parse("{\"systemConfig\": {\"cluster\": " + cluster + "}}");
    }

    private static String secretOf(ConfigView cluster, String strategy) {
        ConfigView block = new ConfigReader(new ConfigReader(cluster).block("stickySession")).block(strategy);
        return new ConfigReader(block).string("secret", null);
    }

    @Test
    void theSelectedSigningStrategy_getsAKeyDerivedFromTheClusterSecret_theSameOnEveryCoordinator() throws Exception {
        String cluster = "{\"secret\": \"cluster-secret\", \"stickySession\": {\"strategy\": \"cookie\"}}";
        String a = secretOf(StickySecrets.routingView(settings(cluster), "cluster-secret"), "cookie");
        String b = secretOf(StickySecrets.routingView(settings(cluster), "cluster-secret"), "cookie");
        assertEquals(a, b);
        assertEquals(64, a.length());
        assertNotEquals(a, secretOf(StickySecrets.routingView(settings(cluster), "another-secret"), "cookie"));
        assertNotEquals(a, StickySecrets.derive("cluster-secret", "header"), "each strategy its own key");
    }

    @Test
    void aConfiguredSecret_isKept_andOtherStrategiesGetNoBlock() throws Exception {
        String cluster = "{\"secret\": \"s\", \"stickySession\": {\"strategy\": \"header\","
                + " \"header\": {\"secret\": \"my-own-secret-of-16+\"}}}";
        ConfigView view = StickySecrets.routingView(settings(cluster), "s");
        assertEquals("my-own-secret-of-16+", secretOf(view, "header"));
        assertFalse(new ConfigReader(view).block("stickySession").has("cookie"));
    }
}
