package io.mcphub.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.upstream.SseEvent;
import io.mcphub.upstream.UpstreamServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What servers send on their own reaches the client session that caused it, over one shared upstream connection:
 * progress, server-to-client requests, list changes; and dropped streams resume.
 */
class SessionMessagesTest {
    private static RunningHub hub;
    private static FixtureProcess remote;

    @BeforeAll
    static void start() {
        remote = FixtureProcess.startHttp("remote");
        String perSession = RunningHub.fixtureServer("p");
        perSession = perSession.substring(0, perSession.length() - 1) + ", \"perSessionClient\": true}";
        hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"f\": " + RunningHub.fixtureServer("f")
                        + ", \"h\": {\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(remote.url()) + "}"
                        + ", \"p\": " + perSession + "}}",
                "f",
                "h",
                "p");
    }

    @AfterAll
    static void stop() {
        hub.close();
        remote.close();
    }

    private static ObjectNode progressCall(McpHttpClient c, String token, int steps) {
        ObjectNode params = Json.object().put("name", "progress");
        params.putObject("arguments").put("steps", steps).put("delayMs", 100);
        params.putObject("_meta").put("progressToken", token);
        return c.request("tools/call", params);
    }

    @Test
    void progress_withTheSameTokenInTwoSessions_reachesOnlyItsOwnCaller() {
        McpHttpClient a = hub.client("/mcp/f");
        McpHttpClient b = hub.client("/mcp/f");
        a.initialize();
        b.initialize();
        CompletableFuture<McpHttpClient.Reply> ra =
                CompletableFuture.supplyAsync(() -> a.send(progressCall(a, "t", 3)));
        CompletableFuture<McpHttpClient.Reply> rb =
                CompletableFuture.supplyAsync(() -> b.send(progressCall(b, "t", 5)));
        List<JsonNode> fromA = ra.join().messages();
        List<JsonNode> fromB = rb.join().messages();
        assertEquals(
                3,
                fromA.stream()
                        .filter(m ->
                                "notifications/progress".equals(m.path("method").asText()))
                        .count(),
                fromA::toString);
        assertEquals(
                5,
                fromB.stream()
                        .filter(m ->
                                "notifications/progress".equals(m.path("method").asText()))
                        .count(),
                fromB::toString);
        assertTrue(fromA.stream()
                .filter(m -> m.has("method"))
                .allMatch(m -> "t".equals(m.path("params").path("progressToken").asText())));
        assertEquals(
                "completed 3 steps",
                fromA.get(fromA.size() - 1)
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "p"})
    void samplingRequests_fromConcurrentSessions_goToTheSessionThatCalled(String server) {
        McpSyncClient a = sampler(server, "answer from A");
        McpSyncClient b = sampler(server, "answer from B");
        try {
            CompletableFuture<McpSchema.CallToolResult> ra = CompletableFuture.supplyAsync(
                    () -> a.callTool(new McpSchema.CallToolRequest("sample", Map.of("prompt", "hi"))));
            CompletableFuture<McpSchema.CallToolResult> rb = CompletableFuture.supplyAsync(
                    () -> b.callTool(new McpSchema.CallToolRequest("sample", Map.of("prompt", "hi"))));
            assertTrue(
                    String.valueOf(ra.join()).contains("answer from A"),
                    () -> ra.join().toString());
            assertTrue(
                    String.valueOf(rb.join()).contains("answer from B"),
                    () -> rb.join().toString());
        } finally {
            a.closeGracefully();
            b.closeGracefully();
        }
    }

    @Test
    void samplingOnASharedStdioConnection_withConcurrentSessions_failsClearly_andNamesTheFix() {
        McpSyncClient a = sampler("f", "answer from A");
        McpSyncClient b = sampler("f", "answer from B");
        try {
            ObjectNode sleep = Json.object().put("name", "sleep");
            sleep.putObject("arguments").put("ms", 3000);
            McpHttpClient other = hub.client("/mcp/f");
            other.initialize();
            CompletableFuture<McpHttpClient.Reply> busy =
                    CompletableFuture.supplyAsync(() -> other.send(other.request("tools/call", sleep)));
            UpstreamServer f = (UpstreamServer) hub.hub().upstream("f");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.inFlight() == 1);
            McpSchema.CallToolResult r = a.callTool(new McpSchema.CallToolRequest("sample", Map.of("prompt", "hi")));
            assertTrue(String.valueOf(r).contains("perSessionClient"), String.valueOf(r));
            assertEquals(
                    "slept 3000",
                    busy.join()
                            .single()
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
        } finally {
            a.closeGracefully();
            b.closeGracefully();
        }
    }

    @Test
    void perSessionServer_givesEachSessionItsOwnProcess_andClosesItWithTheSession() {
        McpHttpClient a = hub.client("/mcp/p");
        McpHttpClient b = hub.client("/mcp/p");
        a.initialize();
        b.initialize();
        long pidA = a.callTool("whoami", null)
                .path("result")
                .path("structuredContent")
                .path("pid")
                .asLong();
        long pidB = b.callTool("whoami", null)
                .path("result")
                .path("structuredContent")
                .path("pid")
                .asLong();
        assertTrue(pidA > 0 && pidB > 0 && pidA != pidB, pidA + " " + pidB);
        assertEquals(
                1,
                a.callTool("counter", null)
                        .path("result")
                        .path("structuredContent")
                        .path("count")
                        .asInt());
        assertEquals(
                2,
                a.callTool("counter", null)
                        .path("result")
                        .path("structuredContent")
                        .path("count")
                        .asInt());
        assertEquals(
                1,
                b.callTool("counter", null)
                        .path("result")
                        .path("structuredContent")
                        .path("count")
                        .asInt());
        assertEquals(200, a.delete().status());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pidA).map(h -> !h.isAlive()).orElse(true));
        assertTrue(
                ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false),
                "the other session's process lives on");
    }

    private static McpSyncClient sampler(String server, String answer) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + hub.port())
                        .endpoint("/mcp/" + server)
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(req -> McpSchema.CreateMessageResult.builder()
                        .role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent(answer))
                        .model("test-model")
                        .build())
                .build();
        c.initialize();
        return c;
    }

    @Test
    void toolListChange_isAnnouncedToOtherSessions_andTheirListShowsTheNewTool() {
        AtomicInteger changes = new AtomicInteger();
        McpSyncClient watcher = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://localhost:" + hub.port())
                                .endpoint("/mcp")
                                .openConnectionOnStartup(true)
                                .build())
                .requestTimeout(Duration.ofSeconds(20))
                .toolsChangeConsumer(tools -> changes.incrementAndGet())
                .build();
        watcher.initialize();
        try {
            McpHttpClient actor = hub.client("/mcp");
            actor.initialize();
            JsonNode added = actor.callTool("f-add_tool", Json.object().put("name", "brand_new"));
            assertFalse(added.has("error"), added::toString);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > 0);
            List<String> names = watcher.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertTrue(names.contains("f-brand_new"), names::toString);
        } finally {
            watcher.closeGracefully();
        }
    }

    @Test
    void droppedPostStream_resumesWithLastEventId_andLosesNothing() {
        McpHttpClient c = hub.client("/mcp/f");
        c.initialize();
        ObjectNode call = progressCall(c, "resume", 4);
        // read the priming event and the first progress, then drop the connection
        McpHttpClient.Reply first = c.post(Json.write(call), Map.of(), 2);
        assertTrue(first.contentType().startsWith("text/event-stream"), first.contentType());
        SseEvent last = first.events().get(first.events().size() - 1);
        assertTrue(last.id() != null && !last.id().isEmpty(), first.events()::toString);
        McpHttpClient.Reply rest = c.get(Map.of("Last-Event-ID", last.id()), Integer.MAX_VALUE);
        assertEquals(200, rest.status());
        List<JsonNode> all = new ArrayList<>(first.messages());
        all.addAll(rest.messages());
        long progress = all.stream()
                .filter(m -> "notifications/progress".equals(m.path("method").asText()))
                .count();
        assertEquals(4, progress, all::toString);
        JsonNode answer = all.get(all.size() - 1);
        assertEquals(call.get("id").asLong(), answer.get("id").asLong());
        assertEquals(
                "completed 4 steps",
                answer.path("result").path("content").path(0).path("text").asText());
    }

    @Test
    void cancelledRequest_isCancelledUpstream_andAnsweredAtOnce() {
        McpHttpClient c = hub.client("/mcp/f");
        c.initialize();
        ObjectNode params = Json.object().put("name", "sleep");
        params.putObject("arguments").put("ms", 60_000);
        ObjectNode call = c.request("tools/call", params);
        CompletableFuture<McpHttpClient.Reply> reply = CompletableFuture.supplyAsync(() -> c.send(call));
        UpstreamServer f = (UpstreamServer) hub.hub().upstream("f");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.inFlight() == 1);
        ObjectNode cancel = Json.object().put("jsonrpc", "2.0").put("method", "notifications/cancelled");
        cancel.putObject("params").set("requestId", call.get("id"));
        assertEquals(202, c.send(cancel).status());
        JsonNode answer = reply.orTimeout(10, TimeUnit.SECONDS).join().single();
        assertEquals(-32800, answer.path("error").path("code").asInt(), answer::toString);
        assertEquals(0, f.inFlight());
    }

    @Test
    void logMessages_belowTheSessionsLevel_areFilteredForThatSessionOnly() {
        McpHttpClient quiet = hub.client("/mcp/f");
        quiet.initialize();
        assertTrue(quiet.call("logging/setLevel", Json.object().put("level", "error"))
                .has("result"));
        JsonNode bad = quiet.call("logging/setLevel", Json.object().put("level", "loud"));
        assertEquals(-32602, bad.path("error").path("code").asInt(), bad::toString);
        List<JsonNode> messages = quiet.send(
                        quiet.request("tools/call", Json.object().put("name", "test_tool_with_logging")))
                .messages();
        assertTrue(
                messages.stream()
                        .noneMatch(m -> "notifications/message"
                                        .equals(m.path("method").asText())
                                && "info".equals(m.path("params").path("level").asText())),
                messages::toString);
    }
}
