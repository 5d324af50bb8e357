package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.jsonrpc.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Property P2 (docs/properties.md): adding a node moves no established session; removing one (a clean stop: it
 * deregisters) moves only
 * that node's sessions. Established sessions are told apart by the per-session counter of server {@code stateful}:
 * a session that stayed continues its count, a moved one starts again on a new upstream session.
 */
class MembershipChangesTest {

    /** A session with the node it was placed on and how many counter calls it made. */
    static final class Placed {
        final StickyClient client;
        final String node;
        int calls;

        Placed(StickyClient client, String node, int calls) {
            this.client = client;
            this.node = node;
            this.calls = calls;
        }
    }

    static TestCluster cluster(int nodes) {
        return TestCluster.builder()
                .nodes(nodes)
                .heartbeatInterval(Duration.ofMillis(300))
                .nodeServers(i -> Json.object())
                .httpFixture("stateful")
                .start();
    }

    static List<Placed> openSessions(TestCluster cluster, int count) {
        return Sessions.parallel(count, 16, n -> {
            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            assertEquals(1, count(c));
            return new Placed(c, whoami(c), 1);
        });
    }

    static long count(StickyClient c) {
        return StickyClient.structured(c.callTool("stateful-counter", null))
                .path("count")
                .asLong();
    }

    static String whoami(StickyClient c) {
        return StickyClient.structured(c.callTool("stateful-whoami", null))
                .path("name")
                .asText();
    }

    static Map<String, Long> spread(List<Placed> sessions) {
        return sessions.stream().collect(Collectors.groupingBy(p -> p.node, TreeMap::new, Collectors.counting()));
    }

    @Test
    void joiningNode_movesNoEstablishedSession() {
        try (TestCluster cluster = cluster(2)) {
            List<Placed> before = openSessions(cluster, 200);
            assertEquals(2, spread(before).size(), () -> "not spread over both nodes: " + spread(before));

            int joined = cluster.addNode();
            String joinedId = cluster.nodeId(joined);

            Sessions.parallel(before.size(), 16, n -> {
                Placed p = before.get(n);
                assertEquals(
                        2, count(p.client), () -> "session " + p.client.sessionId() + " lost its upstream session");
                assertEquals(
                        p.node,
                        whoami(p.client),
                        () -> "session " + p.client.sessionId() + " moved when " + joinedId + " joined");
                return null;
            });
            // the joiner does take new sessions
            List<Placed> after = openSessions(cluster, 60);
            assertTrue(
                    spread(after).containsKey(joinedId),
                    () -> "no new session went to " + joinedId + ": " + spread(after));
        }
    }

    @Test
    void leavingNode_movesOnlyItsOwnSessions() {
        try (TestCluster cluster = cluster(3)) {
            List<Placed> before = openSessions(cluster, 200);
            String leaving = cluster.nodeId(2);
            assertTrue(spread(before).containsKey(leaving), () -> "no session on " + leaving + ": " + spread(before));

            cluster.stop(2);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> StreamSupport.stream(
                                    cluster.managementGet("/api/cluster/nodes").spliterator(), false)
                            .noneMatch(n -> n.path("id").asText().equals(leaving)));

            Sessions.parallel(before.size(), 16, n -> {
                Placed p = before.get(n);
                long c = count(p.client);
                String now = whoami(p.client);
                if (p.node.equals(leaving)) {
                    assertNotEquals(leaving, now, "a session of the stopped node is still routed to it");
                    assertEquals(1, c, () -> "a moved session should start a new upstream session on " + now);
                } else {
                    assertEquals(
                            p.node,
                            now,
                            () -> "session " + p.client.sessionId() + " of " + p.node + " moved when " + leaving
                                    + " left");
                    assertEquals(
                            2, c, () -> "session " + p.client.sessionId() + " lost its upstream session on " + p.node);
                }
                return null;
            });
        }
    }
}
