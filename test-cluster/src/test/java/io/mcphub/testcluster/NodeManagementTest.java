package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A node's management API applies a change like a standalone hub, and the change reaches the coordinator at once (the
 * node reports catalog changes immediately), not at the next heartbeat: the heartbeat here is far longer than the wait.
 */
class NodeManagementTest {
    private static boolean coordinatorLists(TestCluster cluster, String server) {
        JsonNode servers = cluster.managementGet("/api/servers");
        return StreamSupport.stream(servers.spliterator(), false)
                .anyMatch(s -> s.path("name").asText().equals(server));
    }

    @Test
    void serverAddedOrRemovedOnANode_reachesTheCoordinatorAtOnce() {
        try (TestCluster cluster = TestCluster.builder()
                .nodes(1)
                .heartbeatInterval(Duration.ofSeconds(60))
                .nodeTimeout(Duration.ofSeconds(300))
                .nodeServers(i -> {
                    var servers = Json.object();
                    servers.set("a", TestCluster.fixtureServer("a@node-1"));
                    return servers;
                })
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> coordinatorLists(cluster, "a"));
            String body =
                    "{\"name\": \"fresh\", \"config\": " + Json.write(TestCluster.fixtureServer("fresh@node-1")) + "}";
            HttpResponse<String> added =
                    TestCluster.http("POST", cluster.nodeUrl(0).resolve("/api/servers"), body, Map.of());
            assertEquals(200, added.statusCode(), added.body());

            await().atMost(Duration.ofSeconds(20)).until(() -> coordinatorLists(cluster, "fresh"));
            JsonNode replicas = cluster.managementGet("/api/cluster/servers/fresh/replicas");
            assertTrue(replicas.isArray() && replicas.size() == 1, replicas::toString);

            HttpResponse<String> removed =
                    TestCluster.http("DELETE", cluster.nodeUrl(0).resolve("/api/servers/fresh"), null, Map.of());
            assertEquals(200, removed.statusCode(), removed.body());
            await().atMost(Duration.ofSeconds(20)).until(() -> !coordinatorLists(cluster, "fresh"));
            assertTrue(coordinatorLists(cluster, "a"));
        }
    }
}
