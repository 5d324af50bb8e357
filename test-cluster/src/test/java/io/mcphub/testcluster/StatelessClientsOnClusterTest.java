package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.ModernClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 2026-07-28 clients through the coordinator: each request is placed on its own among the replicas (no session to
 * stick to), travels to the node statelessly, and a retry of an {@code input_required} goes back to the node that
 * issued it, for a 2026-07-28 server's own state and for a 2025 server's question the node holds open.
 */
class StatelessClientsOnClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    servers.set("modern", TestCluster.fixtureServer("modern@node-" + (i + 1), "--era", "2026"));
                    servers.set("legacy", TestCluster.fixtureServer("legacy@node-" + (i + 1), "--era", "2025"));
                    return servers;
                })
                .start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ModernClient client(String path) {
        return new ModernClient(URI.create(cluster.coordinatorUrl() + path));
    }

    private static String whoami(ModernClient c, String tool) {
        JsonNode answer = c.call(tool, Json.object()).single();
        return answer.path("result").path("structuredContent").path("name").asText(answer.toString());
    }

    @Test
    void statelessRequests_areBalancedAcrossReplicas_withoutASessionAnywhere() {
        ModernClient c = client("/mcp");
        JsonNode list = c.send(c.request("tools/list", null, null)).single().path("result");
        assertEquals("complete", list.path("resultType").asText(), list.toString());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            seen.add(whoami(c, "modern-whoami"));
            seen.add(whoami(c, "legacy-whoami"));
        }
        assertEquals(
                Set.of("modern@node-1", "modern@node-2", "legacy@node-1", "legacy@node-2"),
                seen,
                "round-robin spreads requests that have no session");
        assertEquals(0, cluster.coordinator().hub().sessions().all().size(), "no session on the coordinator");
    }

    @Test
    void retryOfAModernServersInputRequired_goesBackToTheNodeThatIssuedIt() {
        ModernClient c = client("/mcp/modern").capabilities(Json.object().set("elicitation", Json.object()));
        for (int round = 0; round < 4; round++) {
            ObjectNode params = Json.object().put("name", "test_input_required_result_request_state");
            params.set("arguments", Json.object());
            JsonNode first =
                    c.send(c.request("tools/call", params, null)).single().path("result");
            assertEquals("input_required", first.path("resultType").asText(), first.toString());
            params.put("requestState", first.path("requestState").asText());
            ObjectNode responses = params.putObject("inputResponses");
            first.path("inputRequests")
                    .fieldNames()
                    .forEachRemaining(k -> responses.set(
                            k,
                            Json.object()
                                    .put("action", "accept")
                                    .set("content", Json.object().put("name", "Ada"))));
            JsonNode done = c.send(c.request("tools/call", params, null)).single();
            assertEquals(
                    "complete",
                    done.path("result").path("resultType").asText(),
                    "the node that sealed its own state opened it: " + done);
        }
    }

    @Test
    void aLegacyServersQuestion_isHeldOnItsNode_andTheRetryThroughTheCoordinatorCompletesIt() {
        ModernClient c = client("/mcp/legacy").capabilities(Json.object().set("elicitation", Json.object()));
        for (int round = 0; round < 4; round++) {
            ObjectNode params = Json.object().put("name", "elicit");
            params.set("arguments", Json.object().put("message", "name?"));
            McpHttpClient.Reply reply = c.send(c.request("tools/call", params, null));
            JsonNode first = reply.single().path("result");
            assertEquals("input_required", first.path("resultType").asText(), reply.body());
            String key = first.path("inputRequests").fieldNames().next();
            params.put("requestState", first.path("requestState").asText());
            params.putObject("inputResponses")
                    .set(
                            key,
                            Json.object()
                                    .put("action", "accept")
                                    .set("content", Json.object().put("name", "Lin")));
            JsonNode done = c.send(c.request("tools/call", params, null)).single();
            assertTrue(done.toString().contains("Lin"), done.toString());
        }
    }

    private static String whoami(ModernClient c, Map<String, String> extra) {
        ObjectNode params = Json.object().put("name", "whoami");
        params.set("arguments", Json.object());
        ObjectNode request = c.request("tools/call", params, null);
        Map<String, String> headers = new HashMap<>(ModernClient.headers(request));
        headers.putAll(extra);
        McpHttpClient.Reply reply = c.send(request, headers);
        return reply.single()
                .path("result")
                .path("structuredContent")
                .path("name")
                .asText(reply.body());
    }

    @Test
    void cookieStrategy_givesAStatelessClientItsNodesCookie_andHonoursIt() {
        try (TestCluster cookies = TestCluster.builder()
                .nodes(2)
                .strategy("cookie")
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    servers.set("modern", TestCluster.fixtureServer("modern@node-" + (i + 1), "--era", "2026"));
                    return servers;
                })
                .start()) {
            ModernClient c = new ModernClient(URI.create(cookies.coordinatorUrl() + "/mcp/modern"));
            ObjectNode params = Json.object().put("name", "whoami");
            params.set("arguments", Json.object());
            McpHttpClient.Reply first = c.send(c.request("tools/call", params, null));
            String setCookie = first.header("Set-Cookie");
            assertTrue(
                    setCookie != null && setCookie.startsWith("MCPHUB_NODE="),
                    first.headers().toString());
            String node = first.single()
                    .path("result")
                    .path("structuredContent")
                    .path("name")
                    .asText();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            for (int i = 0; i < 6; i++) {
                assertEquals(node, whoami(c, Map.of("Cookie", cookie)), "the cookie keeps it on " + node);
            }
        }
    }

    @Test
    void consistentHash_keysAStatelessClientOnItsStateId() {
        ModernClient c = client("/mcp/modern");
        Set<String> nodesOfOneKey = new HashSet<>();
        Set<String> nodesOfManyKeys = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            nodesOfOneKey.add(whoami(c, Map.of("X-MCPHub-State-Id", "client-a")));
        }
        for (int i = 0; i < 16; i++) {
            nodesOfManyKeys.add(whoami(c, Map.of("X-MCPHub-State-Id", "client-" + i)));
        }
        assertEquals(1, nodesOfOneKey.size(), "one key, one node: " + nodesOfOneKey);
        assertEquals(2, nodesOfManyKeys.size(), "keys spread over the replicas: " + nodesOfManyKeys);
    }

    @Test
    void listenOnTheCoordinator_hearsAListChangeOnAnyNode() throws Exception {
        ModernClient c = client("/mcp/legacy");
        ObjectNode params = Json.object();
        params.putObject("notifications").put("toolsListChanged", true);
        ObjectNode listen = c.request("subscriptions/listen", params, null);
        CompletableFuture<McpHttpClient.Reply> stream = CompletableFuture.supplyAsync(() -> c.send(listen, 2));
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    client("/mcp/legacy").call("add_tool", Json.object().put("name", "added_" + n.incrementAndGet()));
                    return stream.isDone();
                });
        List<JsonNode> events = stream.get().messages();
        assertEquals(
                "notifications/subscriptions/acknowledged",
                events.get(0).path("method").asText());
        assertEquals(
                "notifications/tools/list_changed", events.get(1).path("method").asText(), events.toString());
        assertEquals(listen.get("id").asLong(), ModernClient.subscriptionIdOf(events.get(1)));
    }
}
