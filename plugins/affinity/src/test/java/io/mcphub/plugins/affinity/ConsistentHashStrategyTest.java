package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.testing.FakeNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsistentHashStrategyTest {
    private static final int SESSIONS = 10_000;
    private final StickyStrategy strategy = new ConsistentHashProvider().create(new ConsistentHashConfig(1000, 0));

    private static List<String> sessions(long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            out.add(new UUID(r.nextLong(), r.nextLong()).toString());
        }
        return out;
    }

    private static Map<String, String> place(StickyStrategy s, List<NodeView> nodes, List<String> sessions) {
        StickyStrategy.Router router = s.router(NodeSet.of(nodes));
        Map<String, String> out = new HashMap<>();
        for (String id : sessions) {
            out.put(
                    id,
                    router.route(RoutingRequest.forSession(id, "time"))
                            .orElseThrow()
                            .id());
        }
        return out;
    }

    @Test
    void sameKey_givesSameNode_whateverTheListOrder() {
        List<NodeView> nodes = FakeNode.healthy(10);
        List<NodeView> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, new Random(7));
        List<String> keys = sessions(1);
        Map<String, String> a = place(strategy, nodes, keys);
        assertEquals(a, place(strategy, nodes, keys));
        assertEquals(a, place(strategy, shuffled, keys));
        // a second strategy instance (another coordinator, a restart) agrees too
        assertEquals(a, place(new ConsistentHashProvider().create(new ConsistentHashConfig(1000, 0)), nodes, keys));
    }

    @Test
    void nodeLeaving_movesExactlyItsOwnKeys() {
        List<NodeView> nodes = FakeNode.healthy(10);
        List<String> keys = sessions(2);
        Map<String, String> before = place(strategy, nodes, keys);
        List<NodeView> after = new ArrayList<>(nodes);
        after.remove(3);
        Map<String, String> now = place(strategy, after, keys);
        int moved = 0;
        for (String k : keys) {
            if (before.get(k).equals("node-3")) {
                assertNotEquals("node-3", now.get(k));
                moved++;
            } else {
                assertEquals(before.get(k), now.get(k), "a key of another node moved");
            }
        }
        assertTrue(moved > 0);
    }

    @Test
    void nodeTurningUnhealthy_movesExactlyItsOwnKeys_andGetsThemBackWhenHealthy() {
        List<NodeView> nodes = FakeNode.healthy(5);
        List<String> keys = sessions(3);
        Map<String, String> before = place(strategy, nodes, keys);
        List<NodeView> sick = new ArrayList<>(nodes);
        sick.set(1, ((FakeNode) nodes.get(1)).withHealth(NodeHealth.SUSPECT));
        Map<String, String> during = place(strategy, sick, keys);
        for (String k : keys) {
            if (before.get(k).equals("node-1")) {
                assertNotEquals("node-1", during.get(k));
            } else {
                assertEquals(before.get(k), during.get(k));
            }
        }
        assertEquals(before, place(strategy, nodes, keys));
    }

    @Test
    void nodeJoining_takesAboutOneInNPlusOne_andOnlyForItself() {
        List<NodeView> nodes = FakeNode.healthy(10);
        List<String> keys = sessions(4);
        Map<String, String> before = place(strategy, nodes, keys);
        List<NodeView> grown = new ArrayList<>(nodes);
        grown.add(FakeNode.healthy("node-new"));
        Map<String, String> after = place(strategy, grown, keys);
        int moved = 0;
        for (String k : keys) {
            if (!before.get(k).equals(after.get(k))) {
                assertEquals("node-new", after.get(k), "a key moved between old nodes");
                moved++;
            }
        }
        double share = moved / (double) SESSIONS;
        assertEquals(1.0 / 11, share, 0.02, "share taken by the joining node");
    }

    @Test
    void unhealthyNodes_areNeverPicked() {
        List<NodeView> nodes = new ArrayList<>(FakeNode.healthy(6));
        nodes.set(0, ((FakeNode) nodes.get(0)).withHealth(NodeHealth.UNHEALTHY));
        nodes.set(4, ((FakeNode) nodes.get(4)).withHealth(NodeHealth.SUSPECT));
        Map<String, String> placed = place(strategy, nodes, sessions(5));
        assertTrue(placed.values().stream().noneMatch(id -> id.equals("node-0") || id.equals("node-4")));
        assertEquals(4, placed.values().stream().distinct().count());
    }

    @Test
    void noHealthyNode_orNoSession_hasNoOpinion() {
        List<NodeView> nodes = List.of(FakeNode.healthy("a").withHealth(NodeHealth.UNHEALTHY));
        assertTrue(strategy.router(NodeSet.of(nodes))
                .route(RoutingRequest.forSession("s", "x"))
                .isEmpty());
        assertTrue(strategy.router(NodeSet.empty())
                .route(RoutingRequest.forSession("s", "x"))
                .isEmpty());
        assertTrue(strategy.router(NodeSet.of(FakeNode.healthy(3)))
                .route(RoutingRequest.forSession(null, "x"))
                .isEmpty());
    }

    @Test
    void tenNodes_tenThousandSessions_maxOverAverageAtMost1_10() {
        Map<String, Integer> counts = new HashMap<>();
        place(strategy, FakeNode.healthy(10), sessions(6)).values().forEach(id -> counts.merge(id, 1, Integer::sum));
        int max = Collections.max(counts.values());
        double ratio = max / (SESSIONS / 10.0);
        assertEquals(10, counts.size());
        assertTrue(ratio <= 1.10, "max/avg " + ratio);
    }

    @Test
    void boundedLoad_skipsANodeAboveItsCapacity() {
        StickyStrategy bounded = new ConsistentHashProvider().create(new ConsistentHashConfig(1000, 1.25));
        List<NodeView> nodes = FakeNode.healthy(4);
        StickyStrategy.Router router = bounded.router(NodeSet.of(nodes));
        // find a session whose home is node-0, then overload node-0
        String session = sessions(8).stream()
                .filter(s -> router.route(RoutingRequest.forSession(s, "x"))
                        .orElseThrow()
                        .id()
                        .equals("node-0"))
                .findFirst()
                .orElseThrow();
        ((FakeNode) nodes.get(0)).sessions().set(100);
        ((FakeNode) nodes.get(1)).sessions().set(10);
        // capacity = ceil(1.25 * 111 / 4) = 35: node-0 is over it, the others are not
        String placed = router.route(RoutingRequest.forSession(session, "x"))
                .orElseThrow()
                .id();
        assertNotEquals("node-0", placed);
        ((FakeNode) nodes.get(0)).sessions().set(0);
        assertEquals(
                "node-0",
                router.route(RoutingRequest.forSession(session, "x"))
                        .orElseThrow()
                        .id());
    }

    @Test
    void boundedLoad_keepsEveryNodeUnderCapacityWhilePlacing() {
        StickyStrategy bounded = new ConsistentHashProvider().create(new ConsistentHashConfig(100, 1.10));
        List<NodeView> nodes = FakeNode.healthy(10);
        StickyStrategy.Router router = bounded.router(NodeSet.of(nodes));
        for (String s : sessions(9)) {
            FakeNode n =
                    (FakeNode) router.route(RoutingRequest.forSession(s, "x")).orElseThrow();
            n.sessions().incrementAndGet();
        }
        int max = nodes.stream().mapToInt(NodeView::activeSessions).max().orElseThrow();
        assertTrue(max <= Math.ceil(1.10 * (SESSIONS) / 10) + 1, "max " + max);
    }
}
