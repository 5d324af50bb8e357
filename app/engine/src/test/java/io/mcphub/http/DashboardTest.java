package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's page and its {@code GET /api/events} stream, on a real hub with a real fixture server. */
class DashboardTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String KEY = "dashboard-test-key";

    private static HttpResponse<String> get(URI url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void root_servesThePageWithItsSecurityHeaders_andMcpIsUnchanged() throws Exception {
        try (RunningHub hub =
                RunningHub.startConnected("{\"mcpServers\": {\"f\": " + RunningHub.fixtureServer("f") + "}}", "f")) {
            HttpResponse<String> page = get(hub.url("/"));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("<base href=\"/\">"), page.body());
            assertTrue(page.body().contains("<meta name=\"mcphub-root\" content=\"\">"), page.body());
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
            assertEquals(
                    "nosniff",
                    page.headers().firstValue("X-Content-Type-Options").orElse(""));

            for (String file : List.of("app.js", "api.js", "view.js")) {
                HttpResponse<String> js = get(hub.url("/" + file));
                assertEquals(200, js.statusCode(), file);
                assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"), file);
            }
            assertEquals(200, get(hub.url("/style.css")).statusCode());

            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            JsonNode tools = client.call("tools/list", Json.object());
            assertTrue(tools.path("result").path("tools").size() > 0, tools.toString());
        }
    }

    @Test
    void configuredPath_servesThePageThere_andRootAnswersNotFound() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"systemConfig\": {\"dashboard\": {\"path\": \"/ops/ui/\"}}}")) {
            HttpResponse<String> page = get(hub.url("/ops/ui"));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<base href=\"/ops/ui/\">"), page.body());
            assertEquals(200, get(hub.url("/ops/ui/app.js")).statusCode());
            HttpResponse<String> root = get(hub.url("/"));
            assertEquals(404, root.statusCode());
            assertTrue(root.body().contains("\"jsonrpc\""), root.body());
        }
    }

    @Test
    void dashboardOff_rootAndEventsAnswerNotFound() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"systemConfig\": {\"dashboard\": {\"enabled\": false}}}")) {
            HttpResponse<String> root = get(hub.url("/"));
            assertEquals(404, root.statusCode());
            assertTrue(root.body().contains("\"jsonrpc\""), root.body());
            assertEquals(404, get(hub.url("/app.js")).statusCode());
            assertEquals(404, get(hub.url("/api/events")).statusCode());
        }
    }

    @Test
    void underBasePath_thePageKnowsWhereTheApiIs() throws Exception {
        try (RunningHub hub = RunningHub.start("{}", Map.of("BASE_PATH", "/hub"))) {
            HttpResponse<String> page = get(hub.url("/hub/"));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<base href=\"/hub/\">"), page.body());
            assertTrue(page.body().contains("<meta name=\"mcphub-root\" content=\"/hub\">"), page.body());
        }
    }

    @Test
    void events_withoutTheBearerKey_are401() throws Exception {
        try (RunningHub hub = RunningHub.start(bearerSettings(""))) {
            HttpResponse<String> r = get(hub.url("/api/events"), "Accept", "text/event-stream");
            assertEquals(401, r.statusCode(), r.body());
            HttpResponse<String> wrong =
                    get(hub.url("/api/events"), "Accept", "text/event-stream", "Authorization", "Bearer nope");
            assertEquals(401, wrong.statusCode(), wrong.body());
            // the page itself holds nothing: it loads without a key, and asks for one
            assertEquals(200, get(hub.url("/")).statusCode());
        }
    }

    @Test
    void events_sayHello_thenTellWhenAServersCatalogChanges() throws Exception {
        try (RunningHub hub =
                RunningHub.startConnected(bearerSettings("\"f\": " + RunningHub.fixtureServer("f")), "f")) {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(hub.url("/api/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + KEY)
                    .GET()
                    .build();
            HttpResponse<Stream<String>> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            Thread reader = new Thread(() -> stream.body().forEach(lines::add), "events-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: hello"));
                assertTrue(
                        lines.stream().anyMatch(l -> l.startsWith("data: {\"mode\":\"standalone\"")), lines.toString());
                assertFalse(lines.contains("event: servers"), lines.toString());

                // a tool added by the server: its catalog changes, and the stream says so
                Map<String, String> auth = Map.of("Authorization", "Bearer " + KEY);
                McpHttpClient client = hub.client("/mcp");
                ObjectNode init = Json.object().put("protocolVersion", "2025-11-25");
                init.putObject("capabilities");
                init.putObject("clientInfo").put("name", "dashboard-test").put("version", "1");
                McpHttpClient.Reply opened = client.post(Json.write(client.request("initialize", init)), auth);
                assertEquals(200, opened.status(), opened.body());
                client.sessionId(opened.header("Mcp-Session-Id"));
                client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", auth);
                ObjectNode call = Json.object().put("name", "f-add_tool");
                call.putObject("arguments").put("name", "brand_new");
                JsonNode added = client.post(Json.write(client.request("tools/call", call)), auth)
                        .single();
                assertFalse(added.has("error"), added.toString());
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: servers"));
            } finally {
                stream.body().close();
            }
        }
    }

    @Test
    void events_tellWhenAToolIsToggledThroughTheApi() throws Exception {
        try (RunningHub hub =
                RunningHub.startConnected(bearerSettings("\"f\": " + RunningHub.fixtureServer("f")), "f")) {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(hub.url("/api/events"))
                    .header("Authorization", "Bearer " + KEY)
                    .GET()
                    .build();
            HttpResponse<Stream<String>> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(() -> stream.body().forEach(lines::add), "events-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: hello"));
                HttpResponse<String> toggled = HTTP.send(
                        HttpRequest.newBuilder(hub.url("/api/servers/f/tools/echo/toggle"))
                                .header("Authorization", "Bearer " + KEY)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\": false}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, toggled.statusCode(), toggled.body());
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: servers"));
            } finally {
                stream.body().close();
            }
        }
    }

    private static String bearerSettings(String servers) {
        return "{\"mcpServers\": {" + servers + "}, \"systemConfig\": {\"routing\": "
                + "{\"enableBearerAuth\": true, \"bearerAuthKey\": \"" + KEY + "\"}}}";
    }
}
