package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.testing.FakeNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ring made incrementally is the ring a full build makes, and only the sets that changed are made again. */
class HashRingTest {
    private static final int VNODES = 1000;

    private static List<NodeView> nodes(String prefix, int n) {
        List<NodeView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FakeNode.healthy(prefix + i));
        }
        return out;
    }

    @Test
    void derivedRing_isTheFullBuild_afterJoinsLeavesAndReorders() {
        Random r = new Random(11);
        List<NodeView> current = nodes("node-", 40);
        HashRing ring = HashRing.build(NodeSet.of(current), VNODES);
        int next = 40;
        for (int step = 0; step < 30; step++) {
            List<NodeView> changed = new ArrayList<>(current);
            int leave = r.nextInt(3);
            for (int i = 0; i < leave && changed.size() > 1; i++) {
                changed.remove(r.nextInt(changed.size()));
            }
            int join = r.nextInt(3);
            for (int i = 0; i < join; i++) {
                changed.add(r.nextInt(changed.size() + 1), FakeNode.healthy("node-" + next++));
            }
            if (step % 5 == 0) {
                Collections.shuffle(changed, r);
            }
            HashRing derived = HashRing.derive(ring, NodeSet.of(changed), VNODES);
            HashRing full = HashRing.build(NodeSet.of(changed), VNODES);
            assertArrayEquals(full.points(), derived.points(), "step " + step);
            current = changed;
            ring = derived;
        }
    }

    @Test
    void derivedRing_isTheFullBuild_whenNodesRegisterOneAfterAnother() {
        List<NodeView> current = nodes("reg-", 3);
        HashRing ring = HashRing.build(NodeSet.of(current), VNODES);
        for (int i = 3; i < 120; i++) {
            current = new ArrayList<>(current);
            current.add(FakeNode.healthy("reg-" + i));
            ring = HashRing.derive(ring, NodeSet.of(current), VNODES);
        }
        assertArrayEquals(HashRing.build(NodeSet.of(current), VNODES).points(), ring.points());
        // and the first of them leaving: every index shifts down by one
        current = new ArrayList<>(current.subList(1, current.size()));
        assertArrayEquals(
                HashRing.build(NodeSet.of(current), VNODES).points(),
                HashRing.derive(ring, NodeSet.of(current), VNODES).points());
    }

    @Test
    void nodeJoining_changesOnlyTheRingOfItsServers() {
        ConsistentHashStrategy strategy = new ConsistentHashStrategy(new ConsistentHashConfig(VNODES, 0));
        List<NodeView> alpha = nodes("a-", 10);
        List<NodeView> beta = nodes("b-", 10);
        HashRing alphaRing = strategy.ring(NodeSet.of(alpha));
        HashRing betaRing = strategy.ring(NodeSet.of(beta));

        // a new cluster view: a node joins alpha's replicas; beta's are the same nodes (their health may differ)
        List<NodeView> alphaAfter = new ArrayList<>(alpha);
        alphaAfter.add(FakeNode.healthy("a-new"));
        HashRing alphaNew = strategy.ring(NodeSet.of(alphaAfter));
        HashRing betaNew = strategy.ring(NodeSet.of(nodes("b-", 10)));

        assertSame(betaRing, betaNew, "beta's ring is not made again");
        assertNotSame(alphaRing, alphaNew);
        assertArrayEquals(HashRing.build(NodeSet.of(alphaAfter), VNODES).points(), alphaNew.points());
        assertFalse(Arrays.equals(alphaRing.points(), alphaNew.points()));
        assertEquals(11 * VNODES, alphaNew.size());
    }

    @Test
    void ringCache_heldRingsStayWithinTheirBound_andEvictedSetsAreMadeAgainAlike() {
        RingCache cache = new RingCache(VNODES, 3L * 10 * VNODES);
        List<List<NodeView>> sets = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            sets.add(nodes("s" + s + "-", 10));
        }
        List<long[]> first = new ArrayList<>();
        for (List<NodeView> set : sets) {
            first.add(cache.ringFor(NodeSet.of(set)).points());
        }
        assertEquals(3, cache.size());
        for (int s = 0; s < sets.size(); s++) {
            assertArrayEquals(
                    first.get(s), cache.ringFor(NodeSet.of(sets.get(s))).points());
        }
    }
}
