package io.mcphub.upstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.interop.V2Server;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hub as a client of 2026-07-28 servers: the era is learnt per connection (server/discover first), requests
 * carry the envelope, input_required is fulfilled by the 2025 client's session, list changes come on a listen.
 */
class ModernUpstreamTest {

    private static String settings(String name, String server) {
        return "{\"mcpServers\": {\"" + name + "\": " + server + "}}";
    }

    private static String withOption(String server, String option) {
        return server.substring(0, server.length() - 1) + ", " + option + "}";
    }

    private static McpSyncClient client(RunningHub hub, String endpoint, AtomicInteger toolChanges) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + hub.port())
                        .endpoint(endpoint)
                        .openConnectionOnStartup(true)
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder()
                        .sampling()
                        .elicitation()
                        .build())
                .elicitation(req -> new McpSchema.ElicitResult(
                        McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Ada", "ok", true)))
                .sampling(req -> McpSchema.CreateMessageResult.builder()
                        .role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent("Paris"))
                        .model("test-model")
                        .build())
                .toolsChangeConsumer(tools -> toolChanges.incrementAndGet())
                .build();
        c.initialize();
        return c;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static void servesA2025ClientFully(RunningHub hub, String prefix) {
        assertEquals("2026-07-28", hub.hub().upstream("m").catalog().protocolVersion());
        AtomicInteger changes = new AtomicInteger();
        McpSyncClient c = client(hub, "/mcp", changes);
        try {
            List<String> names =
                    c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.contains(prefix + "echo"), names::toString);
            McpSchema.CallToolResult echo =
                    c.callTool(new McpSchema.CallToolRequest(prefix + "echo", Map.of("text", "hi")));
            assertTrue(text(echo).contains("hi"), echo::toString);
            // input_required from the upstream: the hub asks this session in 2025 terms and retries
            McpSchema.CallToolResult hello = c.callTool(
                    new McpSchema.CallToolRequest(prefix + "test_input_required_result_elicitation", Map.of()));
            assertEquals("Hello, Ada!", text(hello), hello::toString);
            McpSchema.CallToolResult sampled =
                    c.callTool(new McpSchema.CallToolRequest(prefix + "test_input_required_result_sampling", Map.of()));
            assertTrue(text(sampled).contains("Paris"), sampled::toString);
            McpSchema.CallToolResult state = c.callTool(
                    new McpSchema.CallToolRequest(prefix + "test_input_required_result_request_state", Map.of()));
            assertTrue(text(state).contains("state-ok"), state::toString);
            // a tool-list change reaches the hub on its listen, and the client as list_changed
            c.callTool(new McpSchema.CallToolRequest(prefix + "test_trigger_tool_change", Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> c.listTools().tools().stream()
                            .anyMatch(t -> t.name().startsWith(prefix + "dynamic_tool_")));
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void modernOnlyStdioServer_isServedToA2025Client_withInputRequestsAndListChanges() {
        try (RunningHub hub =
                RunningHub.startConnected(settings("m", RunningHub.fixtureServer("strict", "--era", "2026")), "m")) {
            servesA2025ClientFully(hub, "m-");
        }
    }

    @Test
    void modernOnlyHttpServer_isServedToA2025Client_withInputRequestsAndListChanges() {
        try (FixtureProcess remote = FixtureProcess.startHttp("strict-http", "--era", "2026");
                RunningHub hub = RunningHub.startConnected(
                        settings(
                                "m",
                                "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(remote.url()) + "}"),
                        "m")) {
            servesA2025ClientFully(hub, "m-");
        }
    }

    private static void servesV2ToolsToA2025Client(RunningHub hub, String endpoint, String prefix) {
        assertEquals("2026-07-28", hub.hub().upstream("v2").catalog().protocolVersion());
        AtomicInteger changes = new AtomicInteger();
        McpSyncClient c = client(hub, endpoint, changes);
        try {
            McpSchema.CallToolResult echo =
                    c.callTool(new McpSchema.CallToolRequest(prefix + "echo", Map.of("text", "hi")));
            assertEquals("echo: hi", text(echo), echo::toString);
            McpSchema.CallToolResult confirmed =
                    c.callTool(new McpSchema.CallToolRequest(prefix + "confirm", Map.of()));
            assertEquals("confirmed true", text(confirmed), confirmed::toString);
            McpSchema.CallToolResult asked = c.callTool(new McpSchema.CallToolRequest(prefix + "ask_llm", Map.of()));
            assertEquals("model said Paris", text(asked), asked::toString);
            c.callTool(new McpSchema.CallToolRequest(prefix + "touch", Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> c.listTools().tools().stream()
                            .anyMatch(t -> t.name().equals(prefix + "added_1")));
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void v2SdkServerRejectingLegacy_overStdio_isServedOnBothEndpoints() {
        String command =
                V2Server.stdioCommand("reject").stream().map(RunningHub::quote).collect(Collectors.joining(", "));
        String first = command.substring(0, command.indexOf(", "));
        String rest = command.substring(command.indexOf(", ") + 2);
        try (RunningHub hub = RunningHub.startConnected(
                settings("v2", "{\"command\": " + first + ", \"args\": [" + rest + "]}"), "v2")) {
            servesV2ToolsToA2025Client(hub, "/mcp", "v2-");
            servesV2ToolsToA2025Client(hub, "/mcp/v2", "");
        }
    }

    @Test
    void v2SdkServerRejectingLegacy_overHttp_isServedOnBothEndpoints() {
        try (V2Server v2 = V2Server.startHttp("reject");
                RunningHub hub = RunningHub.startConnected(
                        settings("v2", "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(v2.url()) + "}"),
                        "v2")) {
            servesV2ToolsToA2025Client(hub, "/mcp", "v2-");
            servesV2ToolsToA2025Client(hub, "/mcp/v2", "");
        }
    }

    @Test
    void v2SdkHttpServerOnItsDefaults_isSpokenToInTheModernEra_soElicitationWorks() {
        try (V2Server v2 = V2Server.startHttp("stateless");
                RunningHub hub = RunningHub.startConnected(
                        settings("v2", "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(v2.url()) + "}"),
                        "v2")) {
            servesV2ToolsToA2025Client(hub, "/mcp/v2", "");
        }
    }

    @Test
    void sixteenSessionsOnASharedModernStdioConnection_eachGetTheirOwnElicitation() throws Exception {
        // on a 2025 server this needs perSessionClient (an elicitation on a shared pipe names no session); on a
        // modern one the input request is the call's own answer, so the hub knows whose it is
        try (RunningHub hub =
                RunningHub.startConnected(settings("m", RunningHub.fixtureServer("shared", "--era", "2026")), "m")) {
            List<McpSyncClient> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int i = 0; i < 16; i++) {
                    String name = "user-" + i;
                    McpSyncClient c = McpClient.sync(
                                    HttpClientStreamableHttpTransport.builder("http://localhost:" + hub.port())
                                            .endpoint("/mcp/m")
                                            .build())
                            .requestTimeout(Duration.ofSeconds(30))
                            .capabilities(McpSchema.ClientCapabilities.builder()
                                    .elicitation()
                                    .build())
                            .elicitation(req -> new McpSchema.ElicitResult(
                                    McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", name)))
                            .build();
                    c.initialize();
                    clients.add(c);
                }
                List<CompletableFuture<String>> answers = new ArrayList<>();
                // all 16 in flight at once on the one upstream connection
                CountDownLatch start = new CountDownLatch(1);
                for (McpSyncClient c : clients) {
                    answers.add(CompletableFuture.supplyAsync(
                            () -> {
                                awaitQuietly(start);
                                return text(c.callTool(new McpSchema.CallToolRequest(
                                        "test_input_required_result_elicitation", Map.of())));
                            },
                            pool));
                }
                start.countDown();
                for (int i = 0; i < 16; i++) {
                    assertEquals("Hello, user-" + i + "!", answers.get(i).get(60, TimeUnit.SECONDS));
                }
            } finally {
                clients.forEach(McpSyncClient::closeGracefully);
                pool.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void dualEraServer_isSpokenTo_inTheModernEra_andPinning2025KeepsItLegacy() {
        String both = RunningHub.fixtureServer("both", "--era", "both");
        try (RunningHub hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"m\": " + both + ", \"l\": " + withOption(both, "\"protocol\": \"2025-11-25\"")
                        + "}}",
                "m",
                "l")) {
            assertEquals("2026-07-28", hub.hub().upstream("m").catalog().protocolVersion());
            assertEquals("2025-11-25", hub.hub().upstream("l").catalog().protocolVersion());
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            for (String server : List.of("m", "l")) {
                JsonNode echo = c.callTool(server + "-echo", Json.object().put("text", server));
                assertFalse(echo.has("error"), echo::toString);
            }
        }
    }

    @Test
    void modernOnlyServer_pinnedTo2025_isReportedAsAVersionMismatch_andNotRestarted() {
        String strict = RunningHub.fixtureServer("strict", "--era", "2026");
        try (RunningHub hub = RunningHub.start(settings("m", withOption(strict, "\"protocol\": \"2025-11-25\"")))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> hub.hub().upstream("m").status().lastError() != null);
            UpstreamStatus status = hub.hub().upstream("m").status();
            assertTrue(status.lastError().contains("server speaks only [\"2026-07-28\"]"), status::toString);
            // still one attempt a while later: a mismatch is not a crash to restart from
            await().during(Duration.ofMillis(2500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> hub.hub().upstream("m").status().restarts() == status.restarts());
        }
    }
}
