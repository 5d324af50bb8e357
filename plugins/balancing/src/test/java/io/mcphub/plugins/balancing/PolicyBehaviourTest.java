package io.mcphub.plugins.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.testing.FakeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PolicyBehaviourTest {
    private static final int PICKS = 10_000;

    @Test
    void roundRobin_givesEveryHealthyNodeTheSameShare() {
        LoadBalancer lb = new RoundRobinProvider().create(NoOptions.INSTANCE);
        Map<String, Integer> counts = Picks.count(lb.picker(NodeSet.of(FakeNode.healthy(4))), PICKS);
        assertEquals(Map.of("node-0", 2500, "node-1", 2500, "node-2", 2500, "node-3", 2500), counts);
    }

    @Test
    void roundRobin_keepsRotatingAcrossSnapshots() {
        LoadBalancer lb = new RoundRobinProvider().create(NoOptions.INSTANCE);
        List<NodeView> nodes = FakeNode.healthy(2);
        String first =
                lb.picker(NodeSet.of(nodes)).pick(Picks.REQUEST).orElseThrow().id();
        String second =
                lb.picker(NodeSet.of(nodes)).pick(Picks.REQUEST).orElseThrow().id();
        assertTrue(!first.equals(second), "a new snapshot must not restart the rotation");
    }

    @Test
    void random_isUniformWithinFivePercent() {
        LoadBalancer lb = RandomProvider.create(() -> SEEDED);
        Map<String, Integer> counts = Picks.count(lb.picker(NodeSet.of(FakeNode.healthy(5))), PICKS);
        counts.values().forEach(c -> assertEquals(2000, c, 100));
    }

    private static final RandomGenerator SEEDED = new Random(42);

    @Test
    void weighted_respectsWeightsWithinOnePercent_over10000Picks() {
        List<NodeView> nodes = List.of(
                FakeNode.healthy("a", 1), FakeNode.healthy("b", 2), FakeNode.healthy("c", 3), FakeNode.healthy("d", 4));
        LoadBalancer lb = new WeightedProvider().create(new WeightedConfig(Map.of()));
        Map<String, Integer> counts = Picks.count(lb.picker(NodeSet.of(nodes)), PICKS);
        assertEquals(1000, counts.get("a"), 10);
        assertEquals(2000, counts.get("b"), 20);
        assertEquals(3000, counts.get("c"), 30);
        assertEquals(4000, counts.get("d"), 40);
    }

    @Test
    void weighted_configOverridesTheReportedWeight_andSpreadsTheHeavyNode() {
        List<NodeView> nodes = List.of(FakeNode.healthy("a", 1), FakeNode.healthy("b", 1));
        LoadBalancer lb = new WeightedProvider().create(new WeightedConfig(Map.of("a", 3)));
        LoadBalancer.Picker picker = lb.picker(NodeSet.of(nodes));
        assertEquals(Map.of("a", 7500, "b", 2500), Picks.count(picker, PICKS));
        // smooth: the heavy node never runs more than its weight in a row
        int run = 0;
        int longest = 0;
        for (int i = 0; i < 100; i++) {
            run = picker.pick(Picks.REQUEST).orElseThrow().id().equals("a") ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertTrue(longest <= 3, "longest run " + longest);
    }

    @Test
    void leastConnections_picksTheNodeWithFewestSessionsAndRequests() {
        List<NodeView> nodes = FakeNode.healthy(3);
        ((FakeNode) nodes.get(0)).sessions().set(5);
        ((FakeNode) nodes.get(1)).sessions().set(2);
        ((FakeNode) nodes.get(2)).sessions().set(2);
        LoadBalancer lb = LeastConnectionsProvider.create(new LeastConnectionsConfig(true, true), () -> SEEDED);
        lb.onStart(nodes.get(2));
        LoadBalancer.Picker picker = lb.picker(NodeSet.of(nodes));
        assertEquals("node-1", picker.pick(Picks.REQUEST).orElseThrow().id());
        lb.onStart(nodes.get(1));
        lb.onStart(nodes.get(1));
        assertEquals("node-2", picker.pick(Picks.REQUEST).orElseThrow().id());
        lb.onEnd(nodes.get(1), 1_000, false);
        lb.onEnd(nodes.get(1), 1_000, false);
        assertEquals("node-1", picker.pick(Picks.REQUEST).orElseThrow().id());
    }

    @Test
    void leastConnections_spreadsTiesInsteadOfFavouringTheFirstNode() {
        LoadBalancer lb = LeastConnectionsProvider.create(new LeastConnectionsConfig(true, true), () -> SEEDED);
        Map<String, Integer> counts = Picks.count(lb.picker(NodeSet.of(FakeNode.healthy(4))), PICKS);
        counts.values().forEach(c -> assertEquals(2500, c, 250));
    }

    /** Simulates an open workload: one request per tick, each taking its node's latency to finish. */
    private static Map<String, Integer> simulate(LoadBalancer lb, List<NodeView> nodes, Map<String, Long> latency) {
        LoadBalancer.Picker picker = lb.picker(NodeSet.of(nodes));
        record Done(long at, NodeView node, long took) {}
        PriorityQueue<Done> running = new PriorityQueue<>((x, y) -> Long.compare(x.at(), y.at()));
        Map<String, Integer> counts = new TreeMap<>();
        for (long tick = 0; tick < PICKS; tick++) {
            while (!running.isEmpty() && running.peek().at() <= tick) {
                Done d = running.poll();
                lb.onEnd(d.node(), d.took(), false);
            }
            NodeView n = picker.pick(Picks.REQUEST).orElseThrow();
            lb.onStart(n);
            long took = latency.get(n.id());
            running.add(new Done(tick + took, n, took * 1_000_000));
            counts.merge(n.id(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void powerOfTwo_steersAwayFromASlowNode() {
        List<NodeView> nodes = FakeNode.healthy(4);
        Map<String, Long> latency = Map.of("node-0", 40L, "node-1", 2L, "node-2", 2L, "node-3", 2L);
        LoadBalancer lb = PowerOfTwoProvider.create(new PowerOfTwoConfig(0.3, 1000), () -> SEEDED);
        Map<String, Integer> counts = simulate(lb, nodes, latency);
        // a fair share would be 2500; a 20x slower node should get a small fraction of it
        assertTrue(counts.getOrDefault("node-0", 0) < 500, counts.toString());
        assertEquals(PICKS, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void powerOfTwo_steersAwayFromASlowNode_evenForOneRequestAtATime() {
        List<NodeView> nodes = FakeNode.healthy(2);
        LoadBalancer lb = PowerOfTwoProvider.create(new PowerOfTwoConfig(0.3, 1000), () -> SEEDED);
        LoadBalancer.Picker picker = lb.picker(NodeSet.of(nodes));
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            NodeView n = picker.pick(Picks.REQUEST).orElseThrow();
            lb.onStart(n);
            lb.onEnd(n, n.id().equals("node-0") ? 50_000_000 : 1_000_000, false);
            counts.merge(n.id(), 1, Integer::sum);
        }
        assertTrue(counts.getOrDefault("node-0", 0) < 20, counts.toString());
    }

    @Test
    void powerOfTwo_aNodeThatNeverAnswers_doesNotDrawEveryRequest() {
        List<NodeView> nodes = FakeNode.healthy(2);
        LoadBalancer lb = PowerOfTwoProvider.create(new PowerOfTwoConfig(0.3, 1000), () -> SEEDED);
        LoadBalancer.Picker picker = lb.picker(NodeSet.of(nodes));
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            NodeView n = picker.pick(Picks.REQUEST).orElseThrow();
            lb.onStart(n);
            if (n.id().equals("node-1")) {
                lb.onEnd(n, 1_000_000, false); // node-0 never ends its requests
            }
            picked.add(n.id());
        }
        assertTrue(picked.stream().filter("node-0"::equals).count() <= 2, picked.toString());
    }

    @Test
    void leastConnections_inFlight_steersAwayFromASlowNode() {
        List<NodeView> nodes = FakeNode.healthy(4);
        Map<String, Long> latency = Map.of("node-0", 40L, "node-1", 2L, "node-2", 2L, "node-3", 2L);
        LoadBalancer lb = LeastConnectionsProvider.create(new LeastConnectionsConfig(false, true), () -> SEEDED);
        Map<String, Integer> counts = simulate(lb, nodes, latency);
        assertTrue(counts.getOrDefault("node-0", 0) < 1000, counts.toString());
    }
}
