package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RawHttp;
import io.mcphub.support.RunningHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer auth, DNS-rebinding protection (Host, Origin) and route switches, on a real hub over real sockets. */
class GuardsTest {
    private static final String KEY = "s3cret-key";
    private static final String INIT =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Bearer auth on; everything else default. */
    private static RunningHub authHub;
    /** Global route off, extra allowed origin and host. */
    private static RunningHub listHub;

    @BeforeAll
    static void startHubs() {
        authHub = RunningHub.start("{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + "},"
                + " \"systemConfig\": {\"routing\": {\"enableBearerAuth\": true, \"bearerAuthKey\": \"" + KEY
                + "\"}}}");
        listHub = RunningHub.start("{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + "},"
                + " \"systemConfig\": {\"routing\": {\"enableGlobalRoute\": false},"
                + " \"http\": {\"allowedOrigins\": [\"https://app.example.com\"], \"allowedHosts\": "
                + "[\"hub.internal\"]}}}");
        authHub.awaitConnected("fixture");
        listHub.awaitConnected("fixture");
    }

    @AfterAll
    static void stopHubs() {
        if (authHub != null) {
            authHub.close();
        }
        if (listHub != null) {
            listHub.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder postInit(URI url) {
        return HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT));
    }

    private static void assertUnauthorized(HttpResponse<String> r) throws Exception {
        assertEquals(401, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
        assertNotNull(challenge, "401 without WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer "), challenge);
        JsonNode body = Json.parse(r.body());
        assertEquals("2.0", body.path("jsonrpc").asText());
        assertTrue(body.get("id").isNull(), r.body());
        assertEquals(-32000, body.path("error").path("code").asInt(), r.body());
        assertTrue(body.path("error").path("message").asText().contains("Authorization: Bearer"), r.body());
    }

    private static void assertRpcError(int status, String messagePart, int actualStatus, String body) throws Exception {
        assertEquals(status, actualStatus, body);
        JsonNode json = Json.parse(body);
        assertEquals("2.0", json.path("jsonrpc").asText(), body);
        assertTrue(json.path("error").path("message").asText().contains(messagePart), body);
    }

    @Test
    void bearerAuthOn_refusesRequestsWithoutAKey() throws Exception {
        assertUnauthorized(send(postInit(authHub.url("/mcp"))));
        assertUnauthorized(send(postInit(authHub.url("/mcp/fixture"))));
        assertUnauthorized(send(HttpRequest.newBuilder(authHub.url("/sse"))
                .header("Accept", "text/event-stream")
                .GET()));
        assertUnauthorized(
                send(HttpRequest.newBuilder(authHub.url("/api/servers")).GET()));
    }

    @Test
    void bearerAuthOn_healthStaysOpen() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(authHub.url("/health")).GET());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("healthy", Json.parse(r.body()).path("status").asText());
    }

    @Test
    void bearerAuthOn_wrongKeyIsRefused() throws Exception {
        assertUnauthorized(send(postInit(authHub.url("/mcp")).header("Authorization", "Bearer not-the-key")));
        assertUnauthorized(send(postInit(authHub.url("/mcp")).header("Authorization", "Bearer " + KEY + "x")));
        assertUnauthorized(send(postInit(authHub.url("/mcp")).header("Authorization", "Basic " + KEY)));
        assertUnauthorized(send(HttpRequest.newBuilder(authHub.url("/api/servers"))
                .header("Authorization", "Bearer nope")
                .GET()));
    }

    @Test
    void bearerAuthOn_rightKeyInitializesAndCalls() throws Exception {
        McpHttpClient c = authHub.client("/mcp");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + KEY);
        McpHttpClient.Reply init = c.post(INIT, auth);
        assertEquals(200, init.status(), init.body());
        assertEquals(
                "2025-11-25",
                init.single().path("result").path("protocolVersion").asText());
        String session = init.header("Mcp-Session-Id");
        assertNotNull(session);
        c.sessionId(session);
        McpHttpClient.Reply call = c.post(
                Json.write(c.request(
                        "tools/call",
                        Json.object()
                                .put("name", "fixture-echo")
                                .set("arguments", Json.object().put("text", "with key")))),
                auth);
        assertEquals(200, call.status(), call.body());
        assertEquals(
                "with key",
                call.single()
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText(),
                call.body());

        McpHttpClient.Reply noKey = c.send(c.request("tools/list", null));
        assertEquals(401, noKey.status(), "an initialized session still needs the key on every request");

        HttpResponse<String> servers = send(HttpRequest.newBuilder(authHub.url("/api/servers"))
                .header("Authorization", "Bearer " + KEY)
                .GET());
        assertEquals(200, servers.statusCode(), servers.body());
    }

    @Test
    void foreignOrigin_isForbidden() throws Exception {
        HttpResponse<String> r =
                send(postInit(listHub.url("/mcp/fixture")).header("Origin", "http://evil.example.com"));
        assertRpcError(403, "Origin 'http://evil.example.com' is not allowed", r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> api = send(HttpRequest.newBuilder(listHub.url("/api/servers"))
                .header("Origin", "http://evil.example.com")
                .GET());
        assertEquals(403, api.statusCode(), api.body());
    }

    @Test
    void localhostOrigin_isAllowed() throws Exception {
        HttpResponse<String> r =
                send(postInit(listHub.url("/mcp/fixture")).header("Origin", "http://localhost:" + listHub.port()));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isPresent());
        HttpResponse<String> ip = send(postInit(authHub.url("/mcp"))
                .header("Origin", "http://127.0.0.1:" + authHub.port())
                .header("Authorization", "Bearer " + KEY));
        assertEquals(200, ip.statusCode(), ip.body());
    }

    @Test
    void listedOrigin_isAllowed_othersAreNot() throws Exception {
        HttpResponse<String> ok =
                send(postInit(listHub.url("/mcp/fixture")).header("Origin", "https://app.example.com"));
        assertEquals(200, ok.statusCode(), ok.body());
        HttpResponse<String> other =
                send(postInit(listHub.url("/mcp/fixture")).header("Origin", "https://other.example.com"));
        assertEquals(403, other.statusCode(), other.body());
        HttpResponse<String> unlisted = send(postInit(authHub.url("/mcp"))
                .header("Origin", "https://app.example.com")
                .header("Authorization", "Bearer " + KEY));
        assertEquals(403, unlisted.statusCode(), "a hub without the entry refuses it: " + unlisted.body());
    }

    private static Map<String, String> initHeaders(String host) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", host);
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        return h;
    }

    @Test
    void foreignHostOnLoopback_isForbidden() throws Exception {
        RawHttp.Response r =
                RawHttp.request(listHub.port(), "POST", "/mcp/fixture", initHeaders("evil.example.com"), INIT);
        assertRpcError(403, "Host 'evil.example.com' is not allowed", r.status(), r.body());
        RawHttp.Response withPort = RawHttp.request(
                listHub.port(), "GET", "/api/servers", Map.of("Host", "evil.example.com:" + listHub.port()), null);
        assertEquals(403, withPort.status(), withPort.body());
    }

    @Test
    void loopbackAndListedHosts_areAllowed() {
        RawHttp.Response local = RawHttp.request(
                listHub.port(), "POST", "/mcp/fixture", initHeaders("localhost:" + listHub.port()), INIT);
        assertEquals(200, local.status(), local.body());
        RawHttp.Response ip = RawHttp.request(
                listHub.port(), "POST", "/mcp/fixture", initHeaders("127.0.0.1:" + listHub.port()), INIT);
        assertEquals(200, ip.status(), ip.body());
        RawHttp.Response listed = RawHttp.request(
                listHub.port(), "POST", "/mcp/fixture", initHeaders("hub.internal:" + listHub.port()), INIT);
        assertEquals(200, listed.status(), listed.body());
        assertNotNull(listed.header("Mcp-Session-Id"));
        RawHttp.Response notListed =
                RawHttp.request(authHub.port(), "GET", "/health", Map.of("Host", "hub.internal"), null);
        assertEquals(
                403, notListed.status(), "a hub without the entry refuses it, even on /health: " + notListed.body());
    }

    @Test
    void globalRouteOff_refusesMcpButServesServerRoute() throws Exception {
        HttpResponse<String> global = send(postInit(listHub.url("/mcp")));
        assertRpcError(403, "enableGlobalRoute", global.statusCode(), global.body());
        HttpResponse<String> sse = send(HttpRequest.newBuilder(listHub.url("/sse"))
                .header("Accept", "text/event-stream")
                .GET());
        assertEquals(403, sse.statusCode(), sse.body());

        McpHttpClient c = listHub.client("/mcp/fixture");
        c.initialize();
        JsonNode echo = c.callTool("echo", Json.object().put("text", "direct"));
        assertEquals(
                "direct",
                echo.path("result").path("content").path(0).path("text").asText(),
                echo.toString());
    }

    @Test
    void unknownServerRoute_is404Json() throws Exception {
        HttpResponse<String> r = send(postInit(listHub.url("/mcp/nope")));
        assertRpcError(404, "No group or server named 'nope'", r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> onAuthHub =
                send(postInit(authHub.url("/mcp/nope")).header("Authorization", "Bearer " + KEY));
        assertEquals(404, onAuthHub.statusCode(), onAuthHub.body());
        HttpResponse<String> noRoute =
                send(HttpRequest.newBuilder(listHub.url("/no/such/path")).GET());
        assertRpcError(404, "Not found: GET /no/such/path", noRoute.statusCode(), noRoute.body());
    }
}
