package io.mcphub.coordinator.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mcphub.api.Secrets;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.SettingsLoader;
import io.mcphub.coordinator.CoordinatorPlugin;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.spi.NodeHealth;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's routing against real hubs as nodes (registered by hand here, so that routing is tested apart
 * from the node plugin): federated lists, sticky placement, and failover when a node dies.
 */
class FederationTest {
    private static final String SECRET = "federation-test-secret-0123456789";
    private HubRuntime coordinator;
    private RunningHub n1;
    private RunningHub n2;

    @BeforeEach
    void start() throws Exception {
        String settings = """
                {"systemConfig": {"cluster": {"enabled": true, "mode": "coordinator",
                  "secret": "%s"}}}""".formatted(SECRET);
        coordinator = HubRuntime.start(
                new SettingsLoader(Map.<String, String>of()::get).parse(settings, "test"),
                PluginRegistry.load(List.of()),
                "127.0.0.1",
                0);
        n1 = RunningHub.startConnected(
                "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("n1") + "}}", "fixture");
        n2 = RunningHub.startConnected(
                "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("n2") + "}}", "fixture");
        register("n1", n1);
        register("n2", n2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.hub().upstream("fixture") != null
                        && coordinator.hub().upstream("fixture").status().connected());
    }

    private void register(String id, RunningHub node) throws Exception {
        register(id, node.port(), node.hub().upstream("fixture").catalog());
    }

    private void register(String id, int port, ServerCatalog catalog) throws Exception {
        ObjectNode body = Json.object().put("id", id).put("name", "Node " + id).put("url", "http://127.0.0.1:" + port);
        ObjectNode server =
                body.putArray("servers").addObject().put("name", "fixture").put("status", "connected");
        server.put("catalogVersion", catalog.fingerprint());
        server.set("catalog", catalog.toJson());
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + coordinator.port() + "/api/cluster/register"))
                                .header("Content-Type", "application/json")
                                .header(Secrets.CLUSTER_HEADER, SECRET)
                                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @AfterEach
    void stop() {
        coordinator.stop();
        n1.close();
        n2.close();
    }

    private McpHttpClient client(String path) {
        return new McpHttpClient(URI.create("http://localhost:" + coordinator.port() + path));
    }

    private static String whoami(McpHttpClient c, String tool) {
        return c.callTool(tool, null)
                .path("result")
                .path("structuredContent")
                .path("name")
                .asText();
    }

    /** The fixture's counter keyed by the client's session: it starts again at 1 wherever the session lands anew. */
    private static int count(McpHttpClient c, String tool) {
        JsonNode r = c.callTool(tool, Json.object().put("key", c.sessionId()));
        return r.path("result").path("structuredContent").path("count").asInt(-1);
    }

    @Test
    void coordinator_listsTheClustersServers_andKeepsEachSessionOnOneNode() {
        McpHttpClient c = client("/mcp");
        c.initialize();
        List<String> names = new ArrayList<>();
        c.call("tools/list", null)
                .path("result")
                .path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("fixture-whoami") && names.contains("fixture-counter"), names::toString);
        String node = whoami(c, "fixture-whoami");
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, count(c, "fixture-counter"));
            assertEquals(node, whoami(c, "fixture-whoami"));
        }
        McpHttpClient direct = client("/mcp/fixture");
        direct.initialize();
        assertEquals(1, count(direct, "counter"), "a second session has its own upstream session on its node");
    }

    @Test
    void endingTheClientSession_closesItsSessionOnTheNode() {
        McpHttpClient c = client("/mcp/fixture");
        c.initialize();
        String node = whoami(c, "whoami");
        RunningHub onNode = node.equals("n1") ? n1 : n2;
        await().atMost(Duration.ofSeconds(5))
                .until(() -> onNode.hub().sessions().size() == 1);
        assertEquals(200, c.delete().status());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onNode.hub().sessions().size() == 0);
    }

    @Test
    void samplingRequestsFromANode_reachTheClientSessionThatCausedThem() {
        for (String answer : List.of("from client A", "from client B")) {
            McpSyncClient client = McpClient.sync(
                            HttpClientStreamableHttpTransport.builder("http://localhost:" + coordinator.port())
                                    .endpoint("/mcp")
                                    .build())
                    .requestTimeout(Duration.ofSeconds(20))
                    .capabilities(
                            McpSchema.ClientCapabilities.builder().sampling().build())
                    .sampling(req -> McpSchema.CreateMessageResult.builder()
                            .role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent(answer))
                            .model("m")
                            .build())
                    .build();
            try {
                client.initialize();
                var result = client.callTool(new McpSchema.CallToolRequest("fixture-sample", Map.of("prompt", "hi")));
                assertTrue(String.valueOf(result).contains(answer), String.valueOf(result));
            } finally {
                client.closeGracefully();
            }
        }
    }

    /**
     * A node whose own copy of the server just died answers -32010 with the data its hub made up for that failure
     * (never reached, peer down). That is the node speaking, not a broken link to it: the request goes to another
     * replica, and the node stays healthy for its other servers.
     */
    @Test
    void nodesOwnReplicaDown_requestGoesElsewhere_andTheNodeIsNotSuspected() throws Exception {
        HttpServer sick = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        sick.createContext("/mcp/fixture", exchange -> {
            JsonNode m = exchange.getRequestMethod().equals("POST")
                    ? Json.parse(exchange.getRequestBody().readAllBytes())
                    : null;
            String method = m == null ? "" : m.path("method").asText();
            ObjectNode answer = null;
            if ("initialize".equals(method)) {
                answer = JsonRpc.result(m.get("id"), Json.object().put("protocolVersion", "2025-11-25"));
                exchange.getResponseHeaders().add("Mcp-Session-Id", "sick-session");
            } else if (m != null && m.has("id")) {
                calls.incrementAndGet();
                answer = JsonRpc.error(
                        m.get("id"),
                        JsonRpc.SERVER_UNAVAILABLE,
                        "Server fixture is unavailable: process of fixture is not running",
                        Json.object()
                                .put("server", "fixture")
                                .put("reached", false)
                                .put("peerDown", true));
            }
            byte[] body = answer == null ? new byte[0] : Json.bytes(answer);
            if (answer != null) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(
                    answer == null ? (exchange.getRequestMethod().equals("GET") ? 405 : 202) : 200,
                    body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        sick.start();
        try {
            register(
                    "sick",
                    sick.getAddress().getPort(),
                    n1.hub().upstream("fixture").catalog());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> coordinator.hub().upstream("fixture").catalog() != null
                            && ((ReplicaSetUpstream) coordinator.hub().upstream("fixture")).replicaCount() == 3);
            for (int i = 0; i < 30 && calls.get() == 0; i++) {
                McpHttpClient c = client("/mcp/fixture");
                c.initialize();
                JsonNode who = c.callTool("whoami", null);
                assertTrue(
                        List.of("n1", "n2")
                                .contains(who.path("result")
                                        .path("structuredContent")
                                        .path("name")
                                        .asText()),
                        who::toString);
            }
            assertTrue(calls.get() > 0, "no session was ever placed on the node whose replica is down");
            assertEquals(
                    NodeHealth.HEALTHY,
                    ((CoordinatorPlugin) coordinator.plugin().orElseThrow())
                            .registry()
                            .node("sick")
                            .health());
        } finally {
            sick.stop(0);
        }
    }

    @Test
    void killedNode_sessionsContinueOnAnotherReplica_withoutAFailedRequest() {
        McpHttpClient c = client("/mcp/fixture");
        c.initialize();
        String first = whoami(c, "whoami");
        assertEquals(1, count(c, "counter"));
        (first.equals("n1") ? n1 : n2).close();
        JsonNode after = c.callTool("whoami", null);
        assertTrue(after.has("result"), after::toString);
        String second =
                after.path("result").path("structuredContent").path("name").asText();
        assertNotEquals(first, second);
        assertEquals(1, count(c, "counter"), "the session continues on a fresh upstream session");
        assertEquals(second, whoami(c, "whoami"));
    }
}
