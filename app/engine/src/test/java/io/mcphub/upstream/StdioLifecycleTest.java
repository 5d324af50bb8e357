package io.mcphub.upstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stdio server is a child process: restarted with backoff when it dies, and never left behind by the hub. */
class StdioLifecycleTest {

    private static long pid(McpHttpClient c, String tool) {
        return c.callTool(tool, null)
                .path("result")
                .path("structuredContent")
                .path("pid")
                .asLong();
    }

    @Test
    void crashedServer_failsTheCallNamingIt_thenRestartsAndServesAgain() {
        try (RunningHub hub =
                RunningHub.startConnected("{\"mcpServers\": {\"f\": " + RunningHub.fixtureServer("f") + "}}", "f")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            long before = pid(c, "f-whoami");
            JsonNode crash = c.callTool("f-crash", null);
            assertEquals(-32010, crash.path("error").path("code").asInt(), crash::toString);
            assertTrue(crash.path("error").path("message").asText().contains("f"), crash::toString);
            assertTrue(crash.path("error").path("message").asText().contains("exited with code 3"), crash::toString);
            Upstream f = hub.hub().upstream("f");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> f.status().connected() && f.status().restarts() >= 1);
            long after = pid(c, "f-whoami");
            assertTrue(after > 0 && after != before, before + " -> " + after);
            assertTrue(ProcessHandle.of(before).map(h -> !h.isAlive()).orElse(true));
            assertEquals(
                    "again",
                    c.callTool("f-echo", Json.object().put("text", "again"))
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
        }
    }

    @Test
    void stoppingTheHub_endsEveryChildProcess() {
        long pidA;
        long pidB;
        try (RunningHub hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"a\": " + RunningHub.fixtureServer("a") + ", \"b\": "
                        + RunningHub.fixtureServer("b") + "}}",
                "a",
                "b")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            pidA = pid(c, "a-whoami");
            pidB = pid(c, "b-whoami");
            assertTrue(ProcessHandle.of(pidA).map(ProcessHandle::isAlive).orElse(false));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pidA).map(h -> !h.isAlive()).orElse(true)
                        && ProcessHandle.of(pidB).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void serverThatCannotStart_isReportedWithItsError_andRetried() {
        try (RunningHub hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"ok\": " + RunningHub.fixtureServer("ok")
                        + ", \"gone\": {\"command\": \"/nonexistent/mcp-server\"}}}",
                "ok")) {
            Upstream gone = hub.hub().upstream("gone");
            await().atMost(Duration.ofSeconds(10)).until(() -> gone.status().restarts() >= 2);
            assertEquals(UpstreamStatus.State.DISCONNECTED, gone.status().state());
            assertTrue(
                    gone.status().lastError().contains("/nonexistent/mcp-server"),
                    gone.status().lastError());
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            assertEquals(
                    "x",
                    c.callTool("ok-echo", Json.object().put("text", "x"))
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
        }
    }
}
