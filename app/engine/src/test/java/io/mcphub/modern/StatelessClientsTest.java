package io.mcphub.modern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.ModernClient;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.FixtureProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 2026-07-28 clients on the hub's endpoints, over the wire: served statelessly beside 2025 sessions, in front of a
 * 2025 server ({@code legacy}) and a 2026-07-28-only one ({@code modern}).
 */
class StatelessClientsTest {
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"legacy\": " + RunningHub.fixtureServer("legacy", "--era", "2025")
                        + ", \"modern\": " + RunningHub.fixtureServer("modern", "--era", "2026")
                        + ", \"logs\": " + RunningHub.fixtureServer("logs", "--era", "2026") + "}}",
                "legacy",
                "modern",
                "logs");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static ModernClient client(String path) {
        return new ModernClient(hub.url(path));
    }

    private static ObjectNode args(String... kv) {
        ObjectNode a = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            a.put(kv[i], kv[i + 1]);
        }
        return a;
    }

    private static String text(JsonNode answer) {
        return answer.path("result").path("content").path(0).path("text").asText();
    }

    @Test
    void discover_answersForTheEndpointsView_withTheHubsVersionsAndCacheHint() {
        JsonNode all = client("/mcp")
                .send(client("/mcp").request("server/discover", null, null))
                .single();
        JsonNode r = all.path("result");
        assertEquals("complete", r.path("resultType").asText(), all.toString());
        assertEquals("[\"2026-07-28\"]", r.path("supportedVersions").toString());
        assertTrue(r.path("capabilities").has("tools"), all.toString());
        assertEquals(0, r.path("ttlMs").asInt(-1));
        assertEquals("private", r.path("cacheScope").asText());
        assertEquals(
                "mcphub-java",
                r.path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText());
        assertFalse(r.has("instructions"), "several servers: no one server's instructions");

        ModernClient one = client("/mcp/modern");
        JsonNode single = one.send(one.request("server/discover", null, null)).single();
        assertTrue(single.path("result").path("instructions").asText().contains("modern"), single.toString());
    }

    @Test
    void listAndCall_reachBothEras_withPrefixedNamesOnTheGlobalEndpoint() {
        ModernClient c = client("/mcp");
        JsonNode list = c.send(c.request("tools/list", null, null)).single().path("result");
        assertEquals("complete", list.path("resultType").asText(), list.toString());
        assertTrue(list.has("ttlMs") && list.has("cacheScope"), list.toString());
        List<String> names = new ArrayList<>();
        list.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("legacy-echo") && names.contains("modern-echo"), names.toString());

        JsonNode viaLegacy =
                c.call("legacy-echo", args("text", "to a 2025 server")).single();
        assertEquals("to a 2025 server", text(viaLegacy), viaLegacy.toString());
        assertEquals("complete", viaLegacy.path("result").path("resultType").asText());
        JsonNode viaModern =
                c.call("modern-echo", args("text", "to a 2026 server")).single();
        assertEquals("to a 2026 server", text(viaModern), viaModern.toString());
        assertEquals(
                "mcphub-java",
                viaModern
                        .path("result")
                        .path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText());
    }

    @Test
    void aSessionOf2025_andStatelessRequests_areServedSideBySide() {
        McpHttpClient legacy = hub.client("/mcp/legacy");
        legacy.initialize();
        ModernClient modern = client("/mcp/legacy");
        JsonNode m = modern.call("echo", args("text", "stateless")).single();
        JsonNode l = legacy.callTool("echo", args("text", "in a session"));
        assertEquals("stateless", text(m), m.toString());
        assertTrue(l.toString().contains("in a session"), l.toString());
        assertEquals(1, hub.hub().sessions().all().size(), "a stateless request leaves no session behind");
    }

    @Test
    void badInput_getsTheRevisionsErrors_andTheHubServesOnOtherwise() {
        ModernClient c = client("/mcp/modern");
        ObjectNode noCaps = c.request("tools/list", null, null);
        ((ObjectNode) noCaps.path("params").path("_meta")).remove("io.modelcontextprotocol/clientCapabilities");
        McpHttpClient.Reply r = c.send(noCaps);
        assertEquals(400, r.status(), r.body());
        assertEquals(-32602, r.single().path("error").path("code").asInt(), r.body());

        ObjectNode call =
                c.request("tools/call", Json.object().put("name", "echo").set("arguments", args("text", "x")), null);
        Map<String, String> wrongName = new HashMap<>(ModernClient.headers(call));
        wrongName.put("Mcp-Name", "other");
        r = c.send(call, wrongName);
        assertEquals(400, r.status(), r.body());
        assertEquals(-32020, r.single().path("error").path("code").asInt(), r.body());

        ObjectNode future = c.request("tools/list", null, null);
        ((ObjectNode) future.path("params").path("_meta")).put("io.modelcontextprotocol/protocolVersion", "2027-01-01");
        Map<String, String> futureHeaders = new HashMap<>(ModernClient.headers(future));
        futureHeaders.put("MCP-Protocol-Version", "2027-01-01");
        r = c.send(future, futureHeaders);
        assertEquals(400, r.status(), r.body());
        assertEquals(-32022, r.single().path("error").path("code").asInt(), r.body());
        assertEquals(
                "[\"2026-07-28\"]",
                r.single().path("error").path("data").path("supported").toString());

        r = c.send(c.request("ping", null, null));
        assertEquals(404, r.status(), r.body());
        assertEquals(-32601, r.single().path("error").path("code").asInt(), r.body());

        McpHttpClient.Reply get = c.http().get(Map.of("MCP-Protocol-Version", ModernClient.VERSION), 1);
        assertEquals(405, get.status(), get.body());
        McpHttpClient.Reply delete = new McpHttpClient(hub.url("/mcp/modern"))
                .withHeader("MCP-Protocol-Version", ModernClient.VERSION)
                .delete();
        assertEquals(405, delete.status(), delete.body());

        JsonNode ok = c.call("echo", args("text", "still serving")).single();
        assertEquals("still serving", text(ok), ok.toString());
    }

    @Test
    void inputRequired_fromAModernServer_carriesTheHubsSealedState_andTheRetryReachesIt() {
        ModernClient c = client("/mcp").capabilities(Json.object().set("elicitation", Json.object()));
        JsonNode first = c.call("modern-test_input_required_result_request_state", Json.object())
                .single();
        JsonNode r = first.path("result");
        assertEquals("input_required", r.path("resultType").asText(), first.toString());
        String state = r.path("requestState").asText();
        assertTrue(state.startsWith("mh1."), "the hub's own state, not the server's: " + state);

        ObjectNode retry = Json.object().put("name", "modern-test_input_required_result_request_state");
        retry.set("arguments", Json.object());
        retry.put("requestState", state);
        ObjectNode responses = retry.putObject("inputResponses");
        r.path("inputRequests").fieldNames().forEachRemaining(k -> responses.set(k, answerTo(r, k)));
        JsonNode done = c.send(c.request("tools/call", retry, null)).single();
        assertEquals("complete", done.path("result").path("resultType").asText(), done.toString());

        retry.put("requestState", state.substring(0, state.length() - 2) + "xx");
        JsonNode tampered = c.send(c.request("tools/call", retry, null)).single();
        assertEquals(-32602, tampered.path("error").path("code").asInt(), tampered.toString());
        assertTrue(tampered.path("error").path("message").asText().contains("requestState"), tampered.toString());
    }

    /** What a client answers to one input request: accept with a name, a model's message, or roots. */
    private static JsonNode answerTo(JsonNode inputRequired, String key) {
        String method =
                inputRequired.path("inputRequests").path(key).path("method").asText();
        return switch (method) {
            case "elicitation/create" ->
                Json.object().put("action", "accept").set("content", args("name", "Ada", "confirm", "true"));
            case "sampling/createMessage" ->
                Json.object()
                        .put("role", "assistant")
                        .put("model", "test")
                        .set("content", Json.object().put("type", "text").put("text", "Paris"));
            default -> Json.object().set("roots", Json.array());
        };
    }

    @Test
    void aLegacyServersQuestion_isHeldAsInputRequired_andTheRetryCompletesTheSameCall() {
        ModernClient c = client("/mcp/legacy").capabilities(Json.object().set("elicitation", Json.object()));
        JsonNode first = c.call("elicit", args("message", "Your name?")).single();
        JsonNode r = first.path("result");
        assertEquals("input_required", r.path("resultType").asText(), first.toString());
        String key = r.path("inputRequests").fieldNames().next();
        assertEquals(
                "elicitation/create",
                r.path("inputRequests").path(key).path("method").asText());

        ObjectNode retry = Json.object().put("name", "elicit");
        retry.set("arguments", args("message", "Your name?"));
        retry.put("requestState", r.path("requestState").asText());
        retry.putObject("inputResponses")
                .set(key, Json.object().put("action", "accept").set("content", args("name", "Grace")));
        JsonNode done = c.send(c.request("tools/call", retry, null)).single();
        assertEquals("complete", done.path("result").path("resultType").asText(), done.toString());
        assertTrue(done.toString().contains("Grace"), done.toString());

        JsonNode again = c.send(c.request("tools/call", retry, null)).single();
        assertEquals(-32602, again.path("error").path("code").asInt(), "the held call has ended: " + again);
    }

    @Test
    void logMessages_reachOnlyARequestThatNamedALevel() {
        // a server of its own: over stdio a log message names no request, so it is placed only when it is alone
        ModernClient c = client("/mcp/logs");
        ObjectNode params = Json.object().put("name", "test_logging_tool");
        params.set("arguments", Json.object());
        McpHttpClient.Reply quiet = c.send(c.request("tools/call", params, null));
        McpHttpClient.Reply loud = c.send(c.request("tools/call", params, "debug"));
        assertTrue(
                quiet.messages().stream()
                        .noneMatch(m ->
                                "notifications/message".equals(m.path("method").asText())),
                quiet.body());
        assertTrue(
                loud.messages().stream()
                        .anyMatch(m ->
                                "notifications/message".equals(m.path("method").asText())),
                loud.body());
    }

    @Test
    void listenForAnUnknownResource_isRefused() {
        ModernClient c = client("/mcp");
        ObjectNode params = Json.object();
        params.putObject("notifications").putArray("resourceSubscriptions").add("nowhere://x");
        JsonNode r = c.send(c.request("subscriptions/listen", params, null)).single();
        assertEquals(-32602, r.path("error").path("code").asInt(), r.toString());
        assertNull(r.get("result"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "modern"})
    void listen_isAcknowledgedFirst_thenHearsListChangesAndResourceUpdates_stampedWithItsId(String server)
            throws Exception {
        ModernClient c = client("/mcp/" + server);
        ObjectNode params = Json.object();
        ObjectNode filter = params.putObject("notifications").put("toolsListChanged", true);
        filter.putArray("resourceSubscriptions").add("test://watched-resource");
        ObjectNode listen = c.request("subscriptions/listen", params, null);
        CompletableFuture<McpHttpClient.Reply> stream = CompletableFuture.supplyAsync(() -> c.send(listen, 3));
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    ModernClient trigger = client("/mcp/" + server);
                    trigger.call("add_tool", args("name", "added_" + server + "_" + n.incrementAndGet()));
                    trigger.call("update_resource", args("uri", "test://watched-resource"));
                    return stream.isDone();
                });
        List<JsonNode> events = stream.get().messages();
        JsonNode ack = events.get(0);
        assertEquals(
                "notifications/subscriptions/acknowledged", ack.path("method").asText(), events.toString());
        assertEquals(listen.get("id").asLong(), ModernClient.subscriptionIdOf(ack));
        assertTrue(
                ack.path("params")
                        .path("notifications")
                        .path("toolsListChanged")
                        .asBoolean(),
                ack.toString());
        List<String> methods = new ArrayList<>();
        for (JsonNode e : events.subList(1, events.size())) {
            methods.add(e.path("method").asText());
            assertEquals(listen.get("id").asLong(), ModernClient.subscriptionIdOf(e), e.toString());
        }
        assertTrue(methods.contains("notifications/tools/list_changed"), methods.toString());
        assertTrue(methods.contains("notifications/resources/updated"), methods.toString());
    }

    @Test
    void aPrefixedCallToAnHttpServer_carriesItsOwnMcpName_andTheClientsMcpParamHeaders() {
        FixtureProcess web = FixtureProcess.startHttp("web", "--era", "2026");
        try (RunningHub h = RunningHub.startConnected(
                "{\"mcpServers\": {\"web\": {\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(web.url())
                        + "}}}",
                "web")) {
            ModernClient c = new ModernClient(h.url("/mcp"));
            ObjectNode params = Json.object().put("name", "web-param_headers");
            params.set("arguments", Json.object());
            ObjectNode request = c.request("tools/call", params, null);
            Map<String, String> headers = new HashMap<>(ModernClient.headers(request));
            headers.put("Mcp-Param-Region", "eu-west");
            JsonNode answer = c.send(request, headers).single();
            assertEquals(
                    "eu-west",
                    answer.path("result")
                            .path("structuredContent")
                            .path("mcp-param-region")
                            .asText(),
                    "the server checked Mcp-Name against its own tool name, and saw the param header: " + answer);
        } finally {
            web.close();
        }
    }

    @Test
    void aModernServersList_isFetchedAgainOnceItsTtlRunsOut_whenNoListenTellsOfTheChange() {
        FixtureProcess quiet = FixtureProcess.startHttp("quiet", "--era", "2026", "--no-listen");
        try (RunningHub h = RunningHub.startConnected(
                "{\"mcpServers\": {\"quiet\": {\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(quiet.url())
                        + "}}}",
                "quiet")) {
            ModernClient direct = new ModernClient(URI.create(quiet.url()));
            JsonNode added = direct.call("add_tool", args("name", "late_tool")).single();
            assertEquals("added late_tool", text(added), added.toString());
            ModernClient c = new ModernClient(h.url("/mcp/quiet"));
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> c.send(c.request("tools/list", null, null))
                            .single()
                            .toString()
                            .contains("late_tool"));
        } finally {
            quiet.close();
        }
    }
}
