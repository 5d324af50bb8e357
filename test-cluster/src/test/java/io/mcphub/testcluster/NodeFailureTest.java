package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.jsonrpc.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Property P3 (docs/properties.md): killing a node mid-load (no deregistration, port closed at once): no request that
 * never reached it
 * fails; its sessions continue on another replica within a second (long before {@code nodeTimeout}, 30 s here);
 * sessions on the other nodes see nothing.
 */
class NodeFailureTest {
    private static final int SESSIONS = 30;
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(1);

    record Call(long start, long end, String node, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** One client session calling {@code stateful-whoami} in a loop until told to stop. */
    static final class Worker extends Thread {
        final StickyClient client;
        final String home;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        volatile boolean stop;

        Worker(StickyClient client, String home) {
            super("load-" + client.sessionId());
            setDaemon(true);
            this.client = client;
            this.home = home;
        }

        @Override
        public void run() {
            while (!stop) {
                long start = System.nanoTime();
                try {
                    String node = StickyClient.structured(client.callTool("stateful-whoami", null))
                            .path("name")
                            .asText();
                    calls.add(new Call(start, System.nanoTime(), node, null));
                } catch (Throwable t) {
                    calls.add(new Call(start, System.nanoTime(), null, String.valueOf(t.getMessage())));
                }
            }
        }

        long callsAfter(long t) {
            return calls.stream().filter(c -> c.start() > t).count();
        }

        boolean succeededAfter(long t) {
            return calls.stream().anyMatch(c -> c.start() > t && c.ok());
        }
    }

    @Test
    void killedNode_failsNoRequestThatNeverReachedIt_andItsSessionsContinueElsewhereWithinASecond() throws Exception {
        try (TestCluster cluster = TestCluster.builder()
                .nodes(3)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeTimeout(Duration.ofSeconds(30))
                .cleanupInterval(Duration.ofSeconds(60))
                .nodeServers(i -> Json.object())
                .httpFixture("stateful")
                .start()) {
            List<Worker> workers = Sessions.parallel(SESSIONS, 8, n -> {
                StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
                c.initialize();
                return new Worker(c, MembershipChangesTest.whoami(c));
            });
            String victim = cluster.nodeId(1);
            List<Worker> moved =
                    workers.stream().filter(w -> w.home.equals(victim)).toList();
            List<Worker> others =
                    workers.stream().filter(w -> !w.home.equals(victim)).toList();
            assertFalse(moved.isEmpty(), "no session was placed on " + victim);
            assertFalse(others.isEmpty(), "every session was placed on " + victim);

            workers.forEach(Thread::start);
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> workers.stream().allMatch(w -> w.calls.size() >= 3));
                long killStarted = System.nanoTime();
                cluster.kill(1); // returns once the node's port is closed
                long killedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> moved.stream().allMatch(w -> w.succeededAfter(killedAt))
                                && others.stream().allMatch(w -> w.callsAfter(killedAt) >= 3));

                for (Worker w : others) {
                    for (Call c : w.calls) {
                        assertTrue(
                                c.ok(),
                                () -> "session " + w.client.sessionId() + " on " + w.home + " saw a failure: "
                                        + c.error());
                        assertEquals(
                                w.home, c.node(), () -> "session " + w.client.sessionId() + " moved off " + w.home);
                    }
                }
                for (Worker w : moved) {
                    List<Call> failed = new ArrayList<>();
                    for (Call c : w.calls) {
                        if (c.ok()) {
                            continue;
                        }
                        failed.add(c);
                        // a request sent while the node was being killed may have reached it; one sent after it died
                        // never did
                        assertTrue(
                                c.start() <= killedAt,
                                () -> "session " + w.client.sessionId() + ": a request sent "
                                        + (c.start() - killedAt) / 1_000_000 + " ms after " + victim
                                        + " died (its port closed; the kill took "
                                        + (killedAt - killStarted) / 1_000_000
                                        + " ms) failed instead of going to another replica: " + c.error());
                        assertTrue(
                                c.error().contains("stateful") && c.error().contains(victim),
                                () -> "the error of a request" + " in flight when " + victim
                                        + " died should name the server and the node: " + c.error());
                    }
                    assertTrue(
                            failed.size() <= 1,
                            () -> "session " + w.client.sessionId() + " failed " + failed.size() + " times");
                    Call first = w.calls.stream()
                            .filter(c -> c.start() > killedAt && c.ok())
                            .findFirst()
                            .orElseThrow();
                    assertNotEquals(victim, first.node(), "a request after the kill was answered by the dead node");
                    long ms = (first.end() - killedAt) / 1_000_000;
                    assertTrue(
                            ms <= FAILOVER_LIMIT.toMillis(),
                            () -> "session " + w.client.sessionId() + " continued on " + first.node() + " only " + ms
                                    + " ms after " + victim + " was killed (limit " + FAILOVER_LIMIT + ")");
                    w.calls.stream()
                            .filter(c -> c.start() > first.end())
                            .forEach(c -> assertEquals(
                                    first.node(),
                                    c.node(),
                                    () -> "session " + w.client.sessionId() + " did not stay on its new node "
                                            + first.node()));
                }
            } finally {
                workers.forEach(w -> w.stop = true);
                for (Worker w : workers) {
                    w.join(10_000);
                }
            }
        }
    }
}
