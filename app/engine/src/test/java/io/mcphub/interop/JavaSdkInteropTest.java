package io.mcphub.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.support.RunningHub;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MCP Java SDK client, over both transports, against the hub fronting server-everything over stdio. */
class JavaSdkInteropTest {
    enum Transport {
        STREAMABLE_HTTP,
        SSE
    }

    private static RunningHub hub;

    @BeforeAll
    static void start() {
        hub = RunningHub.startConnected(EverythingStdio.settings(), "everything");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static McpClientTransport transport(RunningHub hub, Transport t) {
        String base = "http://localhost:" + hub.port();
        return t == Transport.SSE
                ? HttpClientSseClientTransport.builder(base).sseEndpoint("/sse").build()
                : HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .build();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void javaClient_listsCallsAndReceivesProgress(Transport t) {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(transport(hub, t))
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("mcphub-java", init.serverInfo().name());

            List<String> names = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertTrue(
                    names.containsAll(List.of(
                            "everything-echo", "everything-get-sum", "everything-trigger-long-running-operation")),
                    names::toString);

            McpSchema.CallToolResult echo =
                    client.callTool(new McpSchema.CallToolRequest("everything-echo", Map.of("message", "hi java")));
            assertEquals("Echo: hi java", text(echo));

            McpSchema.CallToolResult sum =
                    client.callTool(new McpSchema.CallToolRequest("everything-get-sum", Map.of("a", 20, "b", 22)));
            assertTrue(text(sum).contains("42"), text(sum));

            McpSchema.CallToolResult longRun =
                    client.callTool(McpSchema.CallToolRequest.builder("everything-trigger-long-running-operation")
                            .arguments(Map.of("duration", 1, "steps", 4))
                            .progressToken("java-" + t)
                            .build());
            assertFalse(Boolean.TRUE.equals(longRun.isError()), text(longRun));
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() == 4);
            assertTrue(progress.stream().allMatch(p -> ("java-" + t).equals(p.progressToken())), progress::toString);
            // the SDK hands notifications to the consumer on its own scheduler, so their order is not the wire's
            assertEquals(
                    List.of(1.0, 2.0, 3.0, 4.0),
                    progress.stream()
                            .map(McpSchema.ProgressNotification::progress)
                            .sorted()
                            .toList());
        } finally {
            client.closeGracefully();
        }
    }

    private static String text(McpSchema.CallToolResult r) {
        return r.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text())
                .findFirst()
                .orElse("");
    }
}
