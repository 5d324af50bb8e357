package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.RunningHub;
import io.mcphub.upstream.UpstreamStatus;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server that fails says why, in {@code /health} and {@code /api/servers}: a stdio server with the last lines it
 * wrote to stderr, an HTTP server with its URL and the cause (not a bare {@code ClosedChannelException}).
 */
class UpstreamFailureCauseTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String NPX_SAYS = "npm error npx canceled due to missing packages and no YES option";

    private static JsonNode get(RunningHub hub, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(hub.url(path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body());
    }

    private static String awaitDown(RunningHub hub, String server) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            UpstreamStatus s = hub.hub().upstream(server).status();
            return s.state() == UpstreamStatus.State.DISCONNECTED && s.lastError() != null;
        });
        return hub.hub().upstream(server).status().lastError();
    }

    private static JsonNode downEntry(RunningHub hub, String server) throws Exception {
        for (JsonNode d : get(hub, "/health").path("down")) {
            if (d.path("name").asText().equals(server)) {
                return d;
            }
        }
        throw new AssertionError(server + " is not in /health's down list: " + get(hub, "/health"));
    }

    private static JsonNode serverEntry(RunningHub hub, String server) throws Exception {
        for (JsonNode s : get(hub, "/api/servers").path("data")) {
            if (s.path("name").asText().equals(server)) {
                return s;
            }
        }
        throw new AssertionError(server + " is not in /api/servers");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String shell(String script) {
        return "{\"command\": \"sh\", \"args\": [\"-c\", " + RunningHub.quote(script) + "]}";
    }

    @Test
    void stdioServerThatExits_reportsTheLastLinesOfItsStderr() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"mcpServers\": {\"npxish\": "
                + shell("echo 'npm warn exec The following package was not found' >&2;" + " echo '" + NPX_SAYS
                        + "' >&2; exit 1")
                + "}}")) {
            String error = awaitDown(hub, "npxish");
            assertTrue(error.contains("process exited with code 1"), error);
            assertTrue(error.contains(NPX_SAYS), error);
            assertTrue(error.contains("The following package was not found"), error);

            String inHealth = downEntry(hub, "npxish").path("error").asText();
            assertTrue(inHealth.contains(NPX_SAYS), "/health: " + inHealth);
            String inServers = serverEntry(hub, "npxish").path("error").asText();
            assertTrue(inServers.contains(NPX_SAYS), "/api/servers: " + inServers);
        }
    }

    @Test
    void stdioServerWithLongStderr_keepsOnlyItsLastLines() throws Exception {
        try (RunningHub hub = RunningHub.start("{\"mcpServers\": {\"chatty\": "
                + shell("i=1; while [ $i -le 200 ]; do echo \"stderr line $i of the chatty server\" >&2;"
                        + " i=$((i+1)); done; exit 7")
                + "}}")) {
            String error = awaitDown(hub, "chatty");
            assertTrue(error.contains("process exited with code 7"), error);
            assertTrue(error.contains("stderr line 200 of"), "the last line is kept: " + error);
            assertFalse(error.contains("stderr line 180 of"), "only the last 20 lines are kept: " + error);
            assertTrue(error.length() < 4096 + 200, "bounded: " + error.length() + " characters");
        }
    }

    @Test
    void streamableHttpServerOnAClosedPort_reportsTheUrlAndTheRefusal() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/mcp";
        try (RunningHub hub = RunningHub.start(
                "{\"mcpServers\": {\"remote\": {\"type\": \"streamable-http\"," + " \"url\": \"" + url + "\"}}}")) {
            String error = awaitDown(hub, "remote");
            assertTrue(error.contains("ConnectException: connection refused to " + url), error);
            assertFalse(error.contains("ClosedChannelException"), error);

            assertTrue(downEntry(hub, "remote").path("error").asText().contains("connection refused to " + url));
            assertTrue(serverEntry(hub, "remote").path("error").asText().contains("connection refused to " + url));
        }
    }

    @Test
    void sseServerOnAClosedPort_reportsTheUrlAndTheRefusal() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/sse";
        try (RunningHub hub =
                RunningHub.start("{\"mcpServers\": {\"legacy\": {\"type\": \"sse\", \"url\": \"" + url + "\"}}}")) {
            String error = awaitDown(hub, "legacy");
            assertTrue(error.contains("ConnectException: connection refused to " + url), error);
            assertEquals(error, serverEntry(hub, "legacy").path("error").asText());
        }
    }

    @Test
    void httpServerWhoseHostDoesNotResolve_saysSo() throws Exception {
        String url = "http://no-such-host.invalid:" + closedPort() + "/mcp";
        try (RunningHub hub = RunningHub.start(
                "{\"mcpServers\": {\"nowhere\": {\"type\": \"streamable-http\"," + " \"url\": \"" + url + "\"}}}")) {
            String error = awaitDown(hub, "nowhere");
            assertTrue(error.contains("cannot resolve the host of " + URI.create(url)), error);
        }
    }
}
