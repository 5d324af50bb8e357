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
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Property P2 (docs/properties.md): adding a node moves no established session; removing one (a clean stop: it
 * deregisters) moves only
 * that node's sessions. Established sessions are told apart by the per-session counter of server {@code stateful}:
 * a session that stayed continues its count, a moved one starts again on a new upstream session.
 *
 * <p>One cluster serves both tests, in order: two nodes, a third joins; then, on those three, one leaves. Each test
 * ends the sessions it opened, so the next starts on a cluster with none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipChangesTest {
    /**
     * How long a clean stop waits for the leaving node's sessions to move (its {@code drainTimeout}, 10 s by
     * default). They are idle until the node has left, so none moves during the drain, which always waits this
     * long: the drain still runs (then the node deregisters), in 1 s instead of 10.
     */
    private static final long DRAIN_TIMEOUT_MS = 1000;

    private TestCluster cluster;

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

    static TestCluster.Builder builder(int nodes) {
        return TestCluster.builder()
                .nodes(nodes)
                .heartbeatInterval(Duration.ofMillis(300))
                .nodeServers(i -> Json.object())
                .httpFixture("stateful");
    }

    static TestCluster cluster(int nodes) {
        return builder(nodes).start();
    }

    @BeforeAll
    void startCluster() {
        cluster = builder(2)
                .nodeSettings(i -> TestCluster.parseObject(
                        "{\"systemConfig\": {\"cluster\": {\"node\": {\"drainTimeout\": " + DRAIN_TIMEOUT_MS + "}}}}"))
                .start();
    }

    @AfterAll
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<Placed> openSessions(TestCluster cluster, int count) {
        return Sessions.parallel(count, 16, n -> {
            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            assertEquals(1, count(c));
            return new Placed(c, whoami(c), 1);
        });
    }

    /** Ends the sessions (DELETE), so that the next test finds none open. */
    static void closeSessions(List<Placed> sessions) {
        Sessions.parallel(sessions.size(), 16, n -> {
            sessions.get(n).client.close();
            return null;
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

    private long running() {
        return IntStream.range(0, cluster.size()).filter(cluster::isRunning).count();
    }

    @Test
    @Order(1)
    void joiningNode_movesNoEstablishedSession() {
        assertEquals(2, running(), "the test starts from two nodes");
        List<Placed> before = openSessions(cluster, 200);
        List<Placed> after = List.of();
        try {
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
            after = openSessions(cluster, 60);
            List<Placed> opened = after;
            assertTrue(
                    spread(opened).containsKey(joinedId),
                    () -> "no new session went to " + joinedId + ": " + spread(opened));
        } finally {
            closeSessions(before);
            closeSessions(after);
        }
    }

    @Test
    @Order(2)
    void leavingNode_movesOnlyItsOwnSessions() {
        while (running() < 3) { // the joining test left three; run alone, this test adds the third itself
            cluster.addNode();
        }
        assertEquals(3, running(), "the test starts from three nodes");
        int index = cluster.size() - 1;
        List<Placed> before = openSessions(cluster, 200);
        try {
            String leaving = cluster.nodeId(index);
            assertTrue(spread(before).containsKey(leaving), () -> "no session on " + leaving + ": " + spread(before));

            cluster.stop(index);
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
        } finally {
            closeSessions(before);
        }
    }
}
