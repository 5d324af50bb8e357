package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness and the first seconds of a start, with a real stdio server whose start a test controls (the fixture's
 * {@code --start-gate}: it reads nothing until a file exists, so the hub's handshake waits).
 */
class ReadinessAndStartWaitTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private record Answer(int status, JsonNode body) {}

    private static Answer get(URI url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.parse(r.body()));
    }

    private String slowServer(Path gate, String extra) {
        String fixture = RunningHub.fixtureServer("slow", "--start-gate", gate.toString());
        return "{\"mcpServers\": {\"slow\": " + fixture.substring(0, fixture.length() - 1) + extra + "}," + "\"good\": "
                + RunningHub.fixtureServer("good") + "}}";
    }

    @Test
    void serverStillStarting_readinessIs503NamingIt_livenessIs200_untilItsFirstAttemptEnds() throws Exception {
        Path gate = dir.resolve("open");
        try (RunningHub hub = RunningHub.start(slowServer(gate, ""))) {
            hub.awaitConnected("good");
            Answer ready = get(hub.url("/health/ready"));
            assertEquals(503, ready.status(), ready.body().toString());
            assertFalse(ready.body().path("ready").asBoolean(true));
            assertEquals(
                    "slow",
                    ready.body().path("starting").path(0).path("name").asText(),
                    ready.body().toString());
            Answer live = get(hub.url("/health"));
            assertEquals(200, live.status(), "liveness while a server starts: " + live.body());

            Files.createFile(gate);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(hub.url("/health/ready")).status() == 200);
            Answer after = get(hub.url("/health/ready"));
            assertTrue(after.body().path("ready").asBoolean(), after.body().toString());
            assertEquals(
                    "healthy",
                    after.body().path("status").asText(),
                    after.body().toString());
            assertFalse(after.body().has("starting"), after.body().toString());
        }
    }

    @Test
    void callToAServerStillStarting_waitsForIt_andGetsItsAnswer() throws Exception {
        Path gate = dir.resolve("open");
        try (RunningHub hub = RunningHub.start(slowServer(gate, ""))) {
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(
                    () -> client.callTool("slow-echo", Json.object().put("text", "worth the wait")));
            // the call is held, not refused with "is connecting"
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !call.isDone());

            Files.createFile(gate);
            JsonNode answer = call.get(30, TimeUnit.SECONDS);
            assertEquals(
                    "worth the wait",
                    answer.path("result").path("content").path(0).path("text").asText(),
                    answer.toString());
        }
    }

    @Test
    void callToAServerThatNeverFinishesStarting_endsAtTheRequestTimeout() throws Exception {
        Path gate = dir.resolve("never");
        try (RunningHub hub = RunningHub.start(slowServer(gate, ", \"options\": {\"timeout\": 1500}"))) {
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            long start = System.nanoTime();
            JsonNode answer = client.callTool("slow-echo", Json.object().put("text", "x"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-32001, answer.path("error").path("code").asInt(), answer.toString());
            assertTrue(tookMs >= 1400, "it waited for the timeout: " + tookMs + " ms");
        }
    }

    @Test
    void callToAServerThatFailed_isAnsweredAtOnce() throws Exception {
        try (RunningHub hub = RunningHub.start(
                "{\"mcpServers\": {\"gone\": {\"command\": " + "\"/nonexistent/mcphub-test/no-such-server\"}}}")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.hub().upstream("gone").status().attempted());
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            JsonNode answer = client.callTool("gone-echo", Json.object());
            assertEquals(-32010, answer.path("error").path("code").asInt(), answer.toString());
            assertTrue(answer.path("error").path("message").asText().contains("disconnected"), answer.toString());
        }
    }
}
