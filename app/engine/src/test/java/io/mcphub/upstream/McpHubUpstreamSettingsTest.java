package io.mcphub.upstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RecordingForwarder;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.interop.EverythingServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCPHub's per-server proxy, passthroughHeaders and keep-alive, against real upstreams behind a recording hop. */
class McpHubUpstreamSettingsTest {

    private static List<RecordingForwarder.Seen> carrying(RecordingForwarder f, String text) {
        return f.seen().stream().filter(s -> s.body().contains(text)).toList();
    }

    @Test
    void httpProxy_carriesAnHttpServersTraffic() throws Exception {
        try (FixtureProcess remote = FixtureProcess.startHttp("remote");
                RecordingForwarder proxy = RecordingForwarder.proxy();
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"r\": {\"type\": \"streamable-http\","
                                + " \"url\": " + RunningHub.quote(remote.url()) + ", \"proxy\": {\"enabled\": true,"
                                + " \"type\": \"http\", \"host\": \"127.0.0.1\", \"port\": " + proxy.port() + "}}}}",
                        "r")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            assertEquals(
                    "proxied",
                    c.callTool("r-echo", Json.object().put("text", "proxied"))
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
            List<RecordingForwarder.Seen> calls = carrying(proxy, "\"tools/call\"");
            assertEquals(1, calls.size(), proxy.seen().toString());
            assertEquals(URI.create(remote.url()), calls.get(0).uri(), "a forward proxy is asked for the absolute URL");
        }
    }

    @Test
    void passthroughHeaders_forwardOnlyTheNamedClientHeaders() throws Exception {
        try (FixtureProcess remote = FixtureProcess.startHttp("remote");
                RecordingForwarder hop = RecordingForwarder.to(URI.create(remote.url()));
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"r\": {\"type\": \"streamable-http\","
                                + " \"url\": " + RunningHub.quote(hop.url("/mcp")) + ","
                                + " \"passthroughHeaders\": [\"X-Tenant\", \"x-trace-id\"]}}}",
                        "r")) {
            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            String call = Json.write(c.request(
                    "tools/call",
                    Json.object()
                            .put("name", "r-echo")
                            .set("arguments", Json.object().put("text", "with headers"))));
            McpHttpClient.Reply reply = c.post(call, Map.of("X-Tenant", "acme", "X-Trace-Id", "t-1", "X-Other", "no"));
            assertEquals(
                    "with headers",
                    reply.single()
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
            List<RecordingForwarder.Seen> calls = carrying(hop, "\"tools/call\"");
            assertEquals(1, calls.size(), hop.seen().toString());
            assertEquals("acme", calls.get(0).header("X-Tenant"));
            assertEquals("t-1", calls.get(0).header("X-Trace-Id"));
            assertNull(calls.get(0).header("X-Other"), "only the named headers pass");
        }
    }

    @Test
    void sseServer_isPingedEveryKeepAliveInterval() throws Exception {
        try (EverythingServer everything = EverythingServer.start(EverythingServer.Mode.SSE);
                RecordingForwarder hop = RecordingForwarder.to(URI.create(everything.url()));
                RunningHub hub = RunningHub.startConnected(
                        "{\"mcpServers\": {\"e\": {\"type\": \"sse\", \"url\": "
                                + RunningHub.quote(
                                        hop.url(URI.create(everything.url()).getPath()))
                                + ", \"keepAliveInterval\": 1000}}}",
                        "e")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> carrying(hop, "\"ping\"").size() >= 2);
            assertTrue(hub.hub().upstream("e").status().connected());
        }
    }
}
