package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol revisions a client may ask for, negotiated as the spec says, then used for the whole session. */
class ProtocolVersionTest {
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        hub = RunningHub.startConnected("{\"mcpServers\": {\"f\": " + RunningHub.fixtureServer("f") + "}}", "f");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"})
    void supportedVersion_isAgreed_andServesCalls(String version) {
        McpHttpClient c = hub.client("/mcp");
        JsonNode init = c.initialize(version, Json.object());
        assertEquals(version, init.path("result").path("protocolVersion").asText());
        JsonNode echo = c.post(
                        Json.write(c.request(
                                "tools/call",
                                Json.object()
                                        .put("name", "f-echo")
                                        .set("arguments", Json.object().put("text", version)))),
                        Map.of("MCP-Protocol-Version", version))
                .single();
        assertEquals(
                version,
                echo.path("result").path("content").path(0).path("text").asText(),
                echo::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1999-01-01", "draft"})
    void unknownVersion_getsTheLatest(String version) {
        McpHttpClient c = hub.client("/mcp");
        JsonNode init = c.initialize(version, Json.object());
        assertEquals("2025-11-25", init.path("result").path("protocolVersion").asText());
        assertTrue(init.path("result").path("capabilities").has("tools"));
    }
}
