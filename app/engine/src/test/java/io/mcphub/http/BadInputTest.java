package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.upstream.UpstreamStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property P7 (docs/properties.md): every bad input gets the protocol's own error, and the hub keeps serving everyone
 * else (a second,
 * already initialized session calls {@code fixture-echo} after each one).
 */
class BadInputTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static RunningHub hub;
    private static McpHttpClient bystander;
    private static int checks;

    @BeforeAll
    static void start() {
        hub = RunningHub.start("{\"mcpServers\": {"
                + "\"fixture\": " + RunningHub.fixtureServer("fixture") + ","
                + "\"slow\": " + withOptions(RunningHub.fixtureServer("slow"), "\"options\": {\"timeout\": 1000}") + ","
                + "\"crashy\": " + RunningHub.fixtureServer("crashy") + ","
                + "\"dead\": {\"command\": \"sh\", \"args\": [\"-c\", \"exit 1\"]}},"
                + " \"systemConfig\": {\"http\": {\"maxBodyBytes\": 1024}}}");
        hub.awaitConnected("fixture", "slow", "crashy");
        bystander = hub.client("/mcp");
        bystander.initialize();
    }

    private static String withOptions(String serverJson, String extra) {
        return serverJson.substring(0, serverJson.length() - 1) + ", " + extra + "}";
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** After every test: the other session is still served. */
    @AfterEach
    void othersAreStillServed() {
        JsonNode r = bystander.callTool("fixture-echo", Json.object().put("text", "still here " + (++checks)));
        assertEquals(
                "still here " + checks,
                r.path("result").path("content").path(0).path("text").asText(),
                r.toString());
    }

    private static McpHttpClient session() {
        McpHttpClient c = hub.client("/mcp");
        c.initialize();
        return c;
    }

    private static JsonNode assertRpcError(McpHttpClient.Reply r, int status, int code, String messagePart) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode m = r.single();
        assertEquals("2.0", m.path("jsonrpc").asText(), r.body());
        assertEquals(code, m.path("error").path("code").asInt(), r.body());
        assertTrue(m.path("error").path("message").asText().contains(messagePart), r.body());
        return m;
    }

    @Test
    void malformedJson_gets400ParseError() {
        McpHttpClient c = session();
        JsonNode m = assertRpcError(
                c.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", Map.of()), 400, -32700, "Parse error");
        assertTrue(m.get("id").isNull(), m.toString());
        assertRpcError(c.post("not json at all", Map.of()), 400, -32700, "Parse error");
        assertRpcError(c.post("", Map.of()), 400, -32700, "Parse error");
        // the session itself survives its own bad input
        assertEquals(
                "ok",
                c.callTool("fixture-echo", Json.object().put("text", "ok"))
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText());
    }

    @Test
    void jsonThatIsNotJsonRpc_gets400InvalidRequest() {
        McpHttpClient c = session();
        assertRpcError(c.post("{\"hello\": 1}", Map.of()), 400, -32600, "Invalid Request");
        assertRpcError(c.post("[]", Map.of()), 400, -32600, "Invalid Request");
        JsonNode m = assertRpcError(
                c.post("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"x\"}", Map.of()),
                400,
                -32600,
                "Invalid Request");
        assertTrue(m.get("id").isNull(), "an id that is not a string or an integer is answered with null: " + m);
        assertRpcError(
                c.post("{\"jsonrpc\": \"1.0\", \"id\": 7, \"method\": \"ping\"}", Map.of()),
                400,
                -32600,
                "Invalid Request");
        assertRpcError(
                c.post("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": 42}", Map.of()), 400, -32600, "Invalid Request");
        assertRpcError(c.post("42", Map.of()), 400, -32600, "Invalid Request");
    }

    @Test
    void bodyOverMaxBodyBytes_gets413() {
        McpHttpClient c = session();
        String big = Json.write(c.request(
                "tools/call",
                Json.object()
                        .put("name", "fixture-echo")
                        .set("arguments", Json.object().put("text", "x".repeat(2000)))));
        assertRpcError(c.post(big, Map.of()), 413, -32600, "1024 bytes");
        String justUnder = Json.write(c.request(
                "tools/call",
                Json.object()
                        .put("name", "fixture-echo")
                        .set("arguments", Json.object().put("text", "y".repeat(900)))));
        assertTrue(justUnder.length() <= 1024);
        assertEquals(
                900,
                c.post(justUnder, Map.of())
                        .single()
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText()
                        .length());
    }

    @Test
    void missingSessionId_gets400() {
        McpHttpClient c = hub.client("/mcp");
        assertRpcError(c.send(c.request("tools/list", null)), 400, -32000, "Mcp-Session-Id");
    }

    @Test
    void unknownSessionId_gets404() {
        McpHttpClient c = hub.client("/mcp").sessionId("no-such-session-0000");
        assertRpcError(c.send(c.request("tools/list", null)), 404, -32001, "Session not found");
        assertEquals(404, c.get(Map.of(), 1).status());
        assertEquals(404, c.delete().status());
    }

    @Test
    void sessionOnAnotherEndpoint_gets404() {
        McpHttpClient c = session();
        McpHttpClient elsewhere = hub.client("/mcp/fixture").sessionId(c.sessionId());
        assertRpcError(elsewhere.send(elsewhere.request("tools/list", null)), 404, -32001, "Session not found");
    }

    @Test
    void deletedSession_gets404() {
        McpHttpClient c = session();
        assertEquals(200, c.delete().status());
        assertRpcError(c.send(c.request("tools/list", null)), 404, -32001, "Session not found");
        assertEquals(404, c.delete().status());
    }

    @Test
    void unsupportedProtocolVersionHeader_gets400() {
        McpHttpClient c = session();
        McpHttpClient.Reply r =
                c.post(Json.write(c.request("tools/list", null)), Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertRpcError(r, 400, -32000, "unsupported MCP-Protocol-Version '1999-01-01'");
        McpHttpClient.Reply ok =
                c.post(Json.write(c.request("tools/list", null)), Map.of("MCP-Protocol-Version", "2025-06-18"));
        assertEquals(200, ok.status(), ok.body());
    }

    @Test
    void unknownTool_getsInvalidParamsNamingIt() {
        McpHttpClient c = session();
        JsonNode r = c.callTool("fixture-no_such_tool", Json.object());
        assertEquals(-32602, r.path("error").path("code").asInt(), r.toString());
        assertTrue(r.path("error").path("message").asText().contains("fixture-no_such_tool"), r.toString());
        JsonNode noName = c.call("tools/call", Json.object());
        assertEquals(-32602, noName.path("error").path("code").asInt(), noName.toString());
    }

    @Test
    void callToAServerThatNeverStarted_getsServerUnavailableNamingIt() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> hub.hub().upstream("dead").status().state() == UpstreamStatus.State.DISCONNECTED);
        McpHttpClient c = session();
        JsonNode r = c.callTool("dead-echo", Json.object().put("text", "x"));
        assertEquals(-32010, r.path("error").path("code").asInt(), r.toString());
        assertTrue(r.path("error").path("message").asText().contains("dead"), r.toString());
        assertEquals("dead", r.path("error").path("data").path("server").asText(), r.toString());

        McpHttpClient direct = hub.client("/mcp/dead");
        direct.initialize();
        JsonNode d = direct.callTool("echo", Json.object().put("text", "x"));
        assertEquals(-32010, d.path("error").path("code").asInt(), d.toString());
        assertTrue(d.path("error").path("message").asText().contains("dead"), d.toString());
    }

    @Test
    void serverThatCrashes_answersInFlightAndNextCallWithServerUnavailable() {
        McpHttpClient c = session();
        JsonNode crash = c.callTool("crashy-crash", Json.object());
        assertEquals(-32010, crash.path("error").path("code").asInt(), crash.toString());
        assertTrue(crash.path("error").path("message").asText().contains("crashy"), crash.toString());

        JsonNode next = c.callTool("crashy-echo", Json.object().put("text", "after crash"));
        if (!next.has("result")) { // the hub may already have restarted it (backoff ~1 s); otherwise a clear error
            assertEquals(-32010, next.path("error").path("code").asInt(), next.toString());
            assertTrue(next.path("error").path("message").asText().contains("crashy"), next.toString());
        }
        hub.awaitConnected("crashy");
        JsonNode back = c.callTool("crashy-echo", Json.object().put("text", "back"));
        assertEquals(
                "back", back.path("result").path("content").path(0).path("text").asText(), back.toString());
    }

    @Test
    void hangingServer_timesOutWithRequestTimeout_whileOthersAreAnswered() {
        McpHttpClient hanging = session();
        long start = System.nanoTime();
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(
                () -> hanging.callTool("slow-sleep", Json.object().put("ms", 30000)));
        // while it hangs, the same server and another server answer another session at once
        JsonNode other = bystander.callTool("slow-echo", Json.object().put("text", "concurrent"));
        assertEquals(
                "concurrent",
                other.path("result").path("content").path(0).path("text").asText(),
                other.toString());
        assertTrue(!slow.isDone(), "the concurrent call was answered before the hanging one timed out");
        JsonNode r = slow.join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(-32001, r.path("error").path("code").asInt(), r.toString());
        assertTrue(r.path("error").path("message").asText().contains("slow"), r.toString());
        assertTrue(ms < 5000, "timed out after " + ms + " ms, expected about 1000");
        assertTrue(ms >= 900, "answered after " + ms + " ms, before the 1000 ms timeout");
    }

    @Test
    void getWithoutEventStreamAccept_gets406() {
        McpHttpClient c = session();
        McpHttpClient.Reply r = c.get(Map.of("Accept", "application/json"), 1);
        assertRpcError(r, 406, -32000, "text/event-stream");
    }

    @Test
    void legacyMessagesWithoutOrWithUnknownSessionId() throws Exception {
        HttpResponse<String> none = HTTP.send(
                HttpRequest.newBuilder(hub.url("/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, none.statusCode(), none.body());
        assertTrue(
                Json.parse(none.body()).path("error").path("message").asText().contains("sessionId"), none.body());

        HttpResponse<String> unknown = HTTP.send(
                HttpRequest.newBuilder(hub.url("/messages?sessionId=nope-123"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(
                -32001, Json.parse(unknown.body()).path("error").path("code").asInt(), unknown.body());
    }
}
