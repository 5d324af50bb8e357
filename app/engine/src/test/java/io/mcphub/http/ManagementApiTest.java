package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.upstream.UpstreamStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health}, {@code GET /health/ready} and {@code GET /api/servers} with real servers that are up, down
 * and disabled.
 */
class ManagementApiTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MISSING_COMMAND = "/nonexistent/mcphub-test/no-such-server";

    private record Answer(int status, JsonNode body) {}

    private static Answer get(URI url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        return new Answer(r.statusCode(), Json.parse(r.body()));
    }

    private static Map<String, JsonNode> byName(JsonNode data) {
        Map<String, JsonNode> out = new HashMap<>();
        data.forEach(s -> out.put(s.path("name").asText(), s));
        return out;
    }

    @Test
    void allEnabledServersConnected_healthIs200Healthy_disabledIgnored() throws Exception {
        try (RunningHub hub = RunningHub.startConnected(
                "{\"mcpServers\": {"
                        + "\"good\": " + RunningHub.fixtureServer("good") + ","
                        + "\"off\": {\"command\": \"" + MISSING_COMMAND + "\", \"enabled\": false}}}",
                "good")) {
            Answer health = get(hub.url("/health"));
            assertEquals(200, health.status(), health.body().toString());
            assertEquals("healthy", health.body().path("status").asText());
            assertEquals(
                    1,
                    health.body().path("servers").path("connected").asInt(),
                    health.body().toString());
            assertEquals(
                    1,
                    health.body().path("servers").path("enabled").asInt(),
                    health.body().toString());
            assertFalse(health.body().has("down"), health.body().toString());

            Answer servers = get(hub.url("/api/servers"));
            assertEquals(200, servers.status());
            assertTrue(
                    servers.body().path("success").asBoolean(), servers.body().toString());
            Map<String, JsonNode> byName = byName(servers.body().path("data"));
            assertEquals(
                    "disabled",
                    byName.get("off").path("status").asText(),
                    servers.body().toString());
            assertFalse(byName.get("off").path("enabled").asBoolean(true));
            assertEquals(0, byName.get("off").path("toolCount").asInt(-1));
        }
    }

    @Test
    void serverThatCannotStart_isNamedInHealth_whileTheHubStaysLiveAndReady() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"mcpServers\": {"
                + "\"good\": " + RunningHub.fixtureServer("good") + ","
                + "\"broken\": {\"command\": \"" + MISSING_COMMAND + "\", \"args\": [\"--x\"]},"
                + "\"off\": {\"command\": \"" + MISSING_COMMAND + "\", \"enabled\": false}}}")) {
            hub.awaitConnected("good");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.hub().upstream("broken").status().state() == UpstreamStatus.State.DISCONNECTED);

            Answer health = get(hub.url("/health"));
            assertEquals(200, health.status(), "liveness does not depend on one server: " + health.body());
            assertEquals("degraded", health.body().path("status").asText());
            Answer ready = get(hub.url("/health/ready"));
            assertEquals(200, ready.status(), "every server has had its first attempt: " + ready.body());
            assertEquals(
                    "broken", ready.body().path("down").path(0).path("name").asText());
            JsonNode down = health.body().path("down");
            assertEquals(1, down.size(), "only the enabled broken server is down: " + health.body());
            assertEquals("broken", down.path(0).path("name").asText());
            String error = down.path(0).path("error").asText();
            assertTrue(error.contains(MISSING_COMMAND), "the error says what failed: " + error);
            assertEquals(
                    1,
                    health.body().path("servers").path("connected").asInt(),
                    health.body().toString());
            assertEquals(
                    2,
                    health.body().path("servers").path("enabled").asInt(),
                    health.body().toString());

            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            JsonNode echo = client.callTool("good-echo", Json.object().put("text", "still serving"));
            assertEquals(
                    "still serving",
                    echo.path("result").path("content").path(0).path("text").asText(),
                    echo.toString());

            Answer servers = get(hub.url("/api/servers"));
            assertEquals(200, servers.status());
            assertTrue(servers.body().path("success").asBoolean());
            JsonNode data = servers.body().path("data");
            assertTrue(data.isArray());
            assertEquals(3, data.size(), data.toString());
            Map<String, JsonNode> byName = byName(data);

            JsonNode good = byName.get("good");
            assertEquals("stdio", good.path("type").asText());
            assertEquals("connected", good.path("status").asText());
            assertTrue(good.path("error").isNull(), good.toString());
            assertTrue(good.path("toolCount").asInt() >= 10, "the fixture has its tools: " + good);
            assertEquals(good.path("toolCount").asInt(), good.path("tools").size());

            JsonNode broken = byName.get("broken");
            assertEquals("stdio", broken.path("type").asText());
            assertEquals("disconnected", broken.path("status").asText());
            assertTrue(broken.path("error").asText().contains(MISSING_COMMAND), broken.toString());
            assertEquals(0, broken.path("toolCount").asInt(-1));

            assertEquals("disabled", byName.get("off").path("status").asText());
        }
    }

    @Test
    void serverWithUnsetVariable_isDownWithTheVariableNamed() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"mcpServers\": {\"needsKey\": {\"command\": \"node\","
                + " \"env\": {\"API_KEY\": \"${MCPHUB_TEST_SURELY_UNSET_VAR}\"}}}}")) {
            Answer health = get(hub.url("/health"));
            assertEquals(200, health.status(), health.body().toString());
            assertEquals(
                    "needsKey", health.body().path("down").path(0).path("name").asText());
            assertEquals(
                    "environment variable MCPHUB_TEST_SURELY_UNSET_VAR is not set (mcpServers.needsKey.env.API_KEY)",
                    health.body().path("down").path(0).path("error").asText());
        }
    }
}
