package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.interop.EverythingServer;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The hub as a client of remote servers: Streamable HTTP and legacy SSE, against our fixture and the reference server.
 */
class HttpUpstreamTest {

    @Test
    void streamableHttpUpstream_carriesCallsAndTheirProgress() {
        try (FixtureProcess remote = FixtureProcess.startHttp("remote");
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"r\": {\"type\": \"streamable-http\", \"url\": "
                                + RunningHub.quote(remote.url()) + "}}}",
                        "r")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            JsonNode who = c.callTool("r-whoami", null).path("result").path("structuredContent");
            assertEquals("remote", who.path("name").asText());
            assertEquals(remote.port().intValue(), who.path("port").asInt());
            ObjectNode params = Json.object().put("name", "r-progress");
            params.putObject("arguments").put("steps", 3).put("delayMs", 50);
            params.putObject("_meta").put("progressToken", 7);
            List<JsonNode> messages = c.send(c.request("tools/call", params)).messages();
            assertEquals(
                    3,
                    messages.stream()
                            .filter(m -> "notifications/progress"
                                            .equals(m.path("method").asText())
                                    && m.path("params").path("progressToken").asInt() == 7)
                            .count(),
                    messages::toString);
            assertEquals(
                    "completed 3 steps",
                    messages.get(messages.size() - 1)
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
        }
    }

    @Test
    void answerOverSse_endsTheStream_withoutALastEventIdResume() {
        // the fixture answers every POST over SSE with event ids; the router rewrites the answer's id to the
        // client's in place, and a reader that checked the id after delivery took the answered stream for a broken
        // one and resumed it (a GET with Last-Event-ID) a retry interval (1 s) later
        try (FixtureProcess remote = FixtureProcess.startHttp("remote");
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"r\": {\"type\": \"streamable-http\", \"url\": "
                                + RunningHub.quote(remote.url()) + "}}}",
                        "r")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            ObjectNode params = Json.object().put("name", "r-progress");
            params.putObject("arguments").put("steps", 2).put("delayMs", 10);
            params.putObject("_meta").put("progressToken", 1);
            List<JsonNode> messages = c.send(c.request("tools/call", params)).messages();
            assertEquals(
                    "completed 2 steps",
                    messages.get(messages.size() - 1)
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText(),
                    messages::toString);
            Awaitility.await()
                    .during(Duration.ofMillis(2500))
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> c.callTool("r-whoami", null)
                                    .path("result")
                                    .path("structuredContent")
                                    .path("resumes")
                                    .asInt(-1)
                            == 0);
        }
    }

    @Test
    void sseUpstream_isInferredFromAUrlWithoutType_asMcpHubDoes() {
        try (EverythingServer everything = EverythingServer.start(EverythingServer.Mode.SSE);
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"e\": {\"url\": " + RunningHub.quote(everything.url()) + "}}}", "e")) {
            assertEquals("sse", hub.hub().upstream("e").type());
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            JsonNode echo = c.callTool("e-echo", Json.object().put("message", "over sse"));
            assertEquals(
                    "Echo: over sse",
                    echo.path("result").path("content").path(0).path("text").asText(),
                    echo::toString);
        }
    }

    @Test
    void referenceServerOverStreamableHttp_isServedThroughTheHub() {
        try (EverythingServer everything = EverythingServer.start(EverythingServer.Mode.STREAMABLE_HTTP);
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"e\": {\"type\": \"streamable-http\", \"url\": "
                                + RunningHub.quote(everything.url()) + "}}}",
                        "e")) {
            McpHttpClient c = hub.client("/mcp/e");
            c.initialize();
            JsonNode sum = c.callTool("get-sum", Json.object().put("a", 40).put("b", 2));
            assertTrue(
                    sum.path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText()
                            .contains("42"),
                    sum::toString);
            // a server whose SSE answers end the stream after the answer must not be resumed (it replays other
            // streams' events when asked): each session gets its progress exactly once, in order
            for (int session = 0; session < 3; session++) {
                McpHttpClient s = hub.client("/mcp/e");
                s.initialize();
                ObjectNode params = Json.object().put("name", "trigger-long-running-operation");
                params.putObject("arguments").put("duration", 0.3).put("steps", 3);
                params.putObject("_meta").put("progressToken", "p" + session);
                List<JsonNode> messages =
                        s.send(s.request("tools/call", params)).messages();
                List<Integer> progress = messages.stream()
                        .filter(m ->
                                "notifications/progress".equals(m.path("method").asText()))
                        .map(m -> m.path("params").path("progress").asInt())
                        .toList();
                assertEquals(List.of(1, 2, 3), progress, messages::toString);
            }
        }
    }
}
