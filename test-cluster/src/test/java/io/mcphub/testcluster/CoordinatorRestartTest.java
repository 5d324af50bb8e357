package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Property 8.4: after a coordinator restart every node is registered again within one heartbeat, with no action. */
class CoordinatorRestartTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Time for the registration itself after the heartbeat that learns the coordinator forgot the node. */
    private static final Duration SLACK = Duration.ofMillis(500);

    static Set<String> healthyNodes(TestCluster cluster) {
        Set<String> ids = new TreeSet<>();
        try {
            for (JsonNode n : cluster.managementGet("/api/cluster/nodes?active=true")) {
                if ("healthy".equals(n.path("status").asText())) {
                    ids.add(n.path("id").asText());
                }
            }
        } catch (RuntimeException e) {
            // the coordinator is not answering yet
        }
        return ids;
    }

    @Test
    void restartedCoordinator_hasEveryNodeBackWithinOneHeartbeat() {
        try (TestCluster cluster =
                TestCluster.builder().nodes(3).heartbeatInterval(HEARTBEAT).start()) {
            Set<String> all = Set.of(cluster.nodeId(0), cluster.nodeId(1), cluster.nodeId(2));
            assertEquals(all, healthyNodes(cluster));

            cluster.restartCoordinator();
            await().atMost(HEARTBEAT.plus(SLACK))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> healthyNodes(cluster).equals(all));

            // and it routes again: a new client session reaches a node's fixture
            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            await().atMost(Duration.ofSeconds(5))
                    .ignoreExceptions()
                    .until(() -> StickyClient.structured(c.callTool("fixture-whoami", null))
                            .path("name")
                            .asText()
                            .startsWith("node-"));
        }
    }
}
