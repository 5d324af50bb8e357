package io.mcphub.testcluster;

import static io.mcphub.testcluster.MembershipChangesTest.count;
import static io.mcphub.testcluster.MembershipChangesTest.openSessions;
import static io.mcphub.testcluster.MembershipChangesTest.spread;
import static io.mcphub.testcluster.MembershipChangesTest.whoami;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.testcluster.MembershipChangesTest.Placed;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Node drain, end to end (what a rolling deploy needs): a drained node takes no new placements, its sessions move to
 * other replicas at their next request (a new upstream session there), no session on another node moves, the API
 * reports the node drained once empty, and undrain reverses it. A node stopped cleanly drains itself first.
 */
class NodeDrainTest {

    private static JsonNode post(TestCluster cluster, String path, int expectedStatus) {
        HttpResponse<String> r =
                TestCluster.http("POST", cluster.coordinatorUrl().resolve(path), null, Map.of());
        assertEquals(expectedStatus, r.statusCode(), path + ": " + r.body());
        try {
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError(path + " answered non-JSON: " + r.body(), e);
        }
    }

    private static JsonNode node(TestCluster cluster, String id) {
        return StreamSupport.stream(cluster.managementGet("/api/cluster/nodes").spliterator(), false)
                .filter(n -> n.path("id").asText().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void drainedNode_movesOnlyItsOwnSessions_reportsDrainedWhenEmpty_andUndrainReversesIt() {
        try (TestCluster cluster = MembershipChangesTest.cluster(3)) {
            List<Placed> before = openSessions(cluster, 120);
            String drained = cluster.nodeId(2);
            long onDrained = before.stream().filter(p -> p.node.equals(drained)).count();
            assertTrue(onDrained > 0, () -> "no session on " + drained + ": " + spread(before));

            JsonNode started = post(cluster, "/api/cluster/nodes/" + drained + "/drain", 200)
                    .path("data");
            assertEquals("draining", started.path("state").asText(), started.toString());
            assertTrue(started.path("draining").asBoolean(), started.toString());
            assertEquals(onDrained, started.path("sessions").asLong(), started.toString());
            assertTrue(node(cluster, drained).path("draining").asBoolean(), "the node list shows the drain");

            // the request boundary: each session makes its next call
            Sessions.parallel(before.size(), 16, n -> {
                Placed p = before.get(n);
                long c = count(p.client);
                String now = whoami(p.client);
                if (p.node.equals(drained)) {
                    assertNotEquals(drained, now, "a session of the drained node is still routed to it");
                    assertEquals(1, c, () -> "a moved session starts a new upstream session on " + now);
                } else {
                    assertEquals(p.node, now, () -> "session " + p.client.sessionId() + " of " + p.node + " moved");
                    assertEquals(2, c, () -> "session " + p.client.sessionId() + " lost its upstream session");
                }
                return null;
            });

            JsonNode progress = cluster.managementGet("/api/cluster/nodes/" + drained + "/drain");
            assertEquals("drained", progress.path("state").asText(), progress.toString());
            assertEquals(0, progress.path("sessions").asInt(), progress.toString());

            List<Placed> whileDrained = openSessions(cluster, 40);
            assertFalse(
                    spread(whileDrained).containsKey(drained),
                    () -> "a new session went to the drained node: " + spread(whileDrained));

            JsonNode undrained = post(cluster, "/api/cluster/nodes/" + drained + "/undrain", 200)
                    .path("data");
            assertFalse(undrained.path("draining").asBoolean(true), undrained.toString());
            assertEquals("healthy", undrained.path("state").asText(), undrained.toString());
            List<Placed> after = openSessions(cluster, 60);
            assertTrue(
                    spread(after).containsKey(drained),
                    () -> "no new session went to the undrained node: " + spread(after));
        }
    }

    @Test
    void drainOfUnknownNode_is404Json_andTheClusterKeepsServing() {
        try (TestCluster cluster = MembershipChangesTest.cluster(2)) {
            JsonNode body = post(cluster, "/api/cluster/nodes/no-such-node/drain", 404);
            assertFalse(body.path("success").asBoolean(true), body.toString());
            assertEquals("Unknown node no-such-node", body.path("message").asText());
            post(cluster, "/api/cluster/nodes/no-such-node/undrain", 404);
            HttpResponse<String> progress = TestCluster.http(
                    "GET", cluster.coordinatorUrl().resolve("/api/cluster/nodes/no-such-node/drain"), null, Map.of());
            assertEquals(404, progress.statusCode(), progress.body());
            List<Placed> sessions = openSessions(cluster, 4);
            assertEquals(4, sessions.size());
        }
    }

    @Test
    void cleanStop_drainsTheNodeFirst_itsSessionsMove_thenItDeregisters() {
        try (TestCluster cluster = MembershipChangesTest.cluster(3)) {
            List<Placed> before = openSessions(cluster, 60);
            String leaving = cluster.nodeId(1);
            List<Placed> mine =
                    before.stream().filter(p -> p.node.equals(leaving)).toList();
            assertFalse(mine.isEmpty(), () -> "no session on " + leaving + ": " + spread(before));

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> cluster.stop(1));
            // the stopping node asked for its own drain and waits for its sessions
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                JsonNode n = node(cluster, leaving);
                return n != null && n.path("draining").asBoolean();
            });
            assertFalse(stop.isDone(), "the node waits for its sessions before it deregisters");
            for (Placed p : mine) {
                assertEquals(1, count(p.client), "moved to a new upstream session");
                assertNotEquals(leaving, whoami(p.client));
            }
            // the drain is complete well before its 10 s bound, and the node then deregisters
            await().atMost(Duration.ofSeconds(8)).until(stop::isDone);
            assertEquals(null, node(cluster, leaving), "the node deregistered after its drain");
        }
    }
}
