package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} (off, on, token-protected) and session admin ({@code GET|DELETE /api/sessions}). */
class MetricsAndSessionAdminTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MISSING_COMMAND = "/nonexistent/mcphub-test/no-such-server";

    private static HttpResponse<String> send(RunningHub hub, String method, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.url(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String settings(String systemConfig) {
        return "{\"mcpServers\": {\"good\": " + RunningHub.fixtureServer("good") + ","
                + "\"gone\": {\"command\": \"" + MISSING_COMMAND + "\"}},"
                + "\"systemConfig\": " + systemConfig + "}";
    }

    @Test
    void metricsOffByDefault_answer404Json() throws Exception {
        try (RunningHub hub = RunningHub.start(settings("{}"))) {
            HttpResponse<String> r = send(hub, "GET", "/metrics", Map.of());
            assertEquals(404, r.statusCode(), r.body());
            assertTrue(r.body().contains("ENABLE_METRICS"), r.body());
        }
    }

    @Test
    void metricsWithToken_refuseAScrapeWithoutIt_andShowCallsErrorsSessionsAndServers() throws Exception {
        String config = "{\"metrics\": {\"enabled\": true, \"token\": \"scrape-token-1\"}}";
        try (RunningHub hub = RunningHub.startConnected(settings(config), "good")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.hub().upstream("gone").status().attempted());
            assertEquals(401, send(hub, "GET", "/metrics", Map.of()).statusCode());
            assertEquals(
                    401,
                    send(hub, "GET", "/metrics", Map.of("Authorization", "Bearer wrong"))
                            .statusCode());

            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            for (int i = 0; i < 2; i++) { // the second of each is counted on the row the first made
                JsonNode ok = client.callTool("good-echo", Json.object().put("text", "hi"));
                assertEquals(
                        "hi",
                        ok.path("result").path("content").path(0).path("text").asText(),
                        ok.toString());
                JsonNode refused = client.callTool("gone-echo", Json.object());
                assertEquals(-32010, refused.path("error").path("code").asInt(), refused.toString());
            }

            HttpResponse<String> r = send(hub, "GET", "/metrics", Map.of("Authorization", "Bearer scrape-token-1"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = r.body();
            assertTrue(
                    text.contains(
                            "mcp_server_operation_duration_seconds_count{error_type=\"\",gen_ai_tool_name=\"echo\","
                                    + "mcp_method_name=\"tools/call\",mcphub_server=\"good\"} 2"),
                    text);
            assertTrue(text.contains("mcp_server_operation_duration_seconds_bucket{"), text);
            assertTrue(
                    text.contains("mcphub_errors_total{mcp_method_name=\"tools/call\",mcphub_server=\"gone\","
                            + "rpc_jsonrpc_error_code=\"-32010\"} 2"),
                    text);
            assertTrue(
                    text.contains("mcphub_sessions_open{mcp_protocol_version=\"2025-11-25\","
                            + "network_transport=\"streamable-http\"} 1"),
                    text);
            assertTrue(text.contains("mcphub_upstream_up{mcphub_server=\"good\",state=\"connected\"} 1"), text);
            assertTrue(text.contains("mcphub_upstream_up{mcphub_server=\"gone\",state=\"disconnected\"} 0"), text);
        }
    }

    @Test
    void sessionAdmin_listsASessionWithItsClient_andEndingItMakesItsIdUnknown() throws Exception {
        try (RunningHub hub = RunningHub.startConnected(settings("{}"), "good")) {
            McpHttpClient client = hub.client("/mcp/good");
            client.initialize();
            client.callTool("echo", Json.object().put("text", "x"));

            HttpResponse<String> list = send(hub, "GET", "/api/sessions", Map.of());
            assertEquals(200, list.statusCode(), list.body());
            JsonNode data = Json.parse(list.body()).path("data");
            assertEquals(1, data.size(), list.body());
            JsonNode s = data.path(0);
            assertEquals(client.sessionId(), s.path("id").asText());
            assertEquals("2025-11-25", s.path("protocolVersion").asText());
            assertEquals("streamable-http", s.path("transport").asText());
            assertEquals("server good", s.path("view").asText());
            assertEquals("mcphub-tests", s.path("clientInfo").path("name").asText(), s.toString());
            assertTrue(s.path("createdAt").asText().endsWith("Z"), s.toString());
            assertTrue(s.path("ageSeconds").isNumber(), s.toString());

            HttpResponse<String> end = send(hub, "DELETE", "/api/sessions/" + client.sessionId(), Map.of());
            assertEquals(200, end.statusCode(), end.body());
            assertTrue(Json.parse(end.body()).path("data").path("closed").asBoolean(), end.body());
            McpHttpClient.Reply after = client.send(client.request("tools/list", Json.object()));
            assertEquals(404, after.status(), "the client's id is gone: " + after.body());
            assertEquals(
                    0,
                    Json.parse(send(hub, "GET", "/api/sessions", Map.of()).body())
                            .path("data")
                            .size());

            HttpResponse<String> unknown = send(hub, "DELETE", "/api/sessions/no-such-session", Map.of());
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertEquals(
                    "Unknown session no-such-session",
                    Json.parse(unknown.body()).path("message").asText());
        }
    }
}
