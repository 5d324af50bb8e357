package io.mcphub.testcluster;

import static io.mcphub.testcluster.MembershipChangesTest.count;
import static io.mcphub.testcluster.MembershipChangesTest.whoami;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operating a cluster from the coordinator: its {@code /metrics} (nodes by state, placements, heartbeat age, call
 * durations), its {@code /health} (the nodes), and session admin with placements; ending a session there releases
 * its session on the node.
 */
class ClusterOperationsTest {

    private static TestCluster cluster() {
        return TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(300))
                .nodeServers(i -> Json.object())
                .httpFixture("stateful")
                .coordinatorSettings("{\"systemConfig\": {\"metrics\": {\"enabled\": true}}}")
                .start();
    }

    private static HttpResponse<String> get(URI uri) {
        return TestCluster.http("GET", uri, null, Map.of());
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void coordinatorMetrics_showNodesByState_placements_heartbeatAges_andCallDurations() {
        try (TestCluster cluster = cluster()) {
            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            assertEquals(1, count(c));

            HttpResponse<String> r = get(cluster.coordinatorUrl().resolve("/metrics"));
            assertEquals(200, r.statusCode(), r.body());
            String text = r.body();
            assertTrue(text.contains("mcphub_cluster_nodes{state=\"healthy\"} 2"), text);
            assertTrue(text.contains("mcphub_cluster_nodes{state=\"draining\"} 0"), text);
            assertTrue(text.contains("mcphub_cluster_placements_total{mcphub_server=\"stateful\"} 1"), text);
            for (int i = 0; i < 2; i++) {
                assertTrue(
                        text.contains(
                                "mcphub_cluster_node_heartbeat_age_seconds{node_id=\"" + cluster.nodeId(i) + "\"}"),
                        text);
            }
            assertTrue(
                    text.contains("mcp_server_operation_duration_seconds_count{error_type=\"\","
                            + "gen_ai_tool_name=\"counter\",mcp_method_name=\"tools/call\","
                            + "mcphub_server=\"stateful\"} 1"),
                    text);
        }
    }

    @Test
    void coordinatorHealth_listsNodes_andSessionAdminShowsPlacements_andEndingASessionReleasesItOnTheNode() {
        try (TestCluster cluster = cluster()) {
            JsonNode health = json(get(cluster.coordinatorUrl().resolve("/health/ready")));
            assertTrue(health.path("ready").asBoolean(), health.toString());
            assertEquals(2, health.path("nodes").path("registered").asInt(), health.toString());
            assertEquals(2, health.path("nodes").path("healthy").asInt(), health.toString());

            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            assertEquals(1, count(c));
            String node = whoami(c);
            int index = cluster.indexOf(node);

            JsonNode sessions = cluster.managementGet("/api/sessions");
            assertEquals(1, sessions.size(), sessions.toString());
            JsonNode s = sessions.path(0);
            assertEquals(c.sessionId(), s.path("id").asText());
            assertEquals("stateful", s.path("placements").path(0).path("server").asText(), s.toString());
            assertEquals(node, s.path("placements").path(0).path("nodeId").asText(), s.toString());

            URI onNode = cluster.nodeUrl(index).resolve("/api/sessions");
            Map<String, String> secret = Map.of("X-MCPHub-Cluster-Secret", cluster.secret());
            assertEquals(
                    1,
                    json(TestCluster.http("GET", onNode, null, secret))
                            .path("data")
                            .size());

            HttpResponse<String> end = TestCluster.http(
                    "DELETE", cluster.coordinatorUrl().resolve("/api/sessions/" + c.sessionId()), null, Map.of());
            assertEquals(200, end.statusCode(), end.body());
            assertEquals(0, cluster.managementGet("/api/sessions").size());
            // the coordinator's session on the node is ended with it
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> json(TestCluster.http("GET", onNode, null, secret))
                                    .path("data")
                                    .size()
                            == 0);
        }
    }
}
