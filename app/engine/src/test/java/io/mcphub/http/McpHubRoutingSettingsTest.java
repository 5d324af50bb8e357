package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCPHub's BASE_PATH and bearerKeys, on a real hub with the fixture server behind it. */
class McpHubRoutingSettingsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static int get(RunningHub hub, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.url(path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int initialize(RunningHub hub, String path, String key) {
        McpHttpClient c = hub.client(path);
        String init = Json.write(c.request(
                "initialize",
                Json.object()
                        .put("protocolVersion", "2025-11-25")
                        .<ObjectNode>set("capabilities", Json.object())
                        .set("clientInfo", Json.object().put("name", "t").put("version", "1"))));
        return c.post(init, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key))
                .status();
    }

    /** The data line of a legacy SSE stream's first event, which names where to POST. */
    private static String endpointEvent(RunningHub hub, String path) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(hub.url(path))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) {
                    return line;
                }
            }
        }
        throw new AssertionError("the SSE stream ended without an event");
    }

    @Test
    void basePath_prefixesEveryRoute() throws Exception {
        try (RunningHub hub = RunningHub.start(
                "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + "}}",
                Map.of("BASE_PATH", "/mcphub/"))) {
            hub.awaitConnected("fixture");
            McpHttpClient c = hub.client("/mcphub/mcp");
            c.initialize();
            assertEquals(
                    "through base path",
                    c.callTool("fixture-echo", Json.object().put("text", "through base path"))
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
            assertEquals(200, get(hub, "/mcphub/health", null));
            assertEquals(200, get(hub, "/mcphub/api/servers", null));
            assertEquals(404, get(hub, "/health", null));
            assertEquals(404, initialize(hub, "/mcp", null));
            assertEquals(
                    "data: /mcphub/messages?sessionId=",
                    endpointEvent(hub, "/mcphub/sse").substring(0, 33));
        }
    }

    @Test
    void bearerKeysWithoutLegacyKey_admitEachKeyWithinItsScope() throws Exception {
        String settings = "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + ", \"other\": "
                + RunningHub.fixtureServer("other") + "},"
                + " \"groups\": [{\"id\": \"g1\", \"name\": \"team\", \"servers\": [\"fixture\"]}],"
                + " \"systemConfig\": {\"routing\": {\"enableBearerAuth\": true}},"
                + " \"bearerKeys\": ["
                + "  {\"id\": \"a\", \"name\": \"admin\", \"token\": \"all-key\", \"enabled\": true,"
                + "   \"accessType\": \"all\"},"
                + "  {\"id\": \"g\", \"name\": \"team\", \"token\": \"group-key\", \"enabled\": true,"
                + "   \"accessType\": \"groups\", \"allowedGroups\": [\"team\"]},"
                + "  {\"id\": \"s\", \"name\": \"one\", \"token\": \"server-key\", \"enabled\": true,"
                + "   \"accessType\": \"servers\", \"allowedServers\": [\"other\"]},"
                + "  {\"id\": \"off\", \"name\": \"old\", \"token\": \"off-key\", \"enabled\": false,"
                + "   \"accessType\": \"all\"}]}";
        try (RunningHub hub = RunningHub.start(settings)) {
            hub.awaitConnected("fixture", "other");
            assertEquals(200, initialize(hub, "/mcp", "all-key"));
            assertEquals(200, get(hub, "/api/servers", "all-key"));
            assertEquals(401, initialize(hub, "/mcp", null));
            assertEquals(401, initialize(hub, "/mcp", "off-key"), "a disabled key admits nothing");

            assertEquals(200, initialize(hub, "/mcp/team", "group-key"));
            assertEquals(200, initialize(hub, "/mcp/g1", "group-key"), "a group by its id is the same group");
            assertEquals(401, initialize(hub, "/mcp", "group-key"));
            assertEquals(401, initialize(hub, "/mcp/other", "group-key"));
            assertEquals(401, get(hub, "/api/servers", "group-key"));

            assertEquals(200, initialize(hub, "/mcp/other", "server-key"));
            assertEquals(401, initialize(hub, "/mcp/fixture", "server-key"));
            assertEquals(401, initialize(hub, "/mcp/team", "server-key"));
        }
    }
}
