package io.mcphub.spi.testing;

import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node for plugin tests: a fixed id, weight and health, and live load counters a test can move.
 *
 * <p>Threading: immutable but for the two counters, which are atomic. Nullability: nothing is null.
 *
 * @param id       the node's stable id
 * @param weight   its relative capacity, at least 1
 * @param health   its health in the snapshot under test
 * @param sessions the live session counter {@link #activeSessions()} reads
 * @param inFlight the live in-flight counter {@link #inFlightRequests()} reads
 */
public record FakeNode(String id, int weight, NodeHealth health, AtomicInteger sessions, AtomicInteger inFlight)
        implements NodeView {

    /** A healthy node of weight 1 and no load. */
    public static FakeNode healthy(String id) {
        return healthy(id, 1);
    }

    /** A healthy node of the given weight and no load. */
    public static FakeNode healthy(String id, int weight) {
        return new FakeNode(id, weight, NodeHealth.HEALTHY, new AtomicInteger(), new AtomicInteger());
    }

    /** {@code n} healthy nodes {@code node-0 .. node-(n-1)}. */
    public static List<NodeView> healthy(int n) {
        List<NodeView> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(healthy("node-" + i));
        }
        return out;
    }

    /** Five healthy nodes {@code node-0 .. node-4}, a suspect {@code node-s} and an unhealthy {@code node-u}. */
    public static NodeSet mixedReplicas() {
        List<NodeView> nodes = new ArrayList<>(healthy(5));
        nodes.add(healthy("node-s").withHealth(NodeHealth.SUSPECT));
        nodes.add(healthy("node-u").withHealth(NodeHealth.UNHEALTHY));
        return NodeSet.of(nodes);
    }

    /** Replicas none of which may take work: one unhealthy, one suspect. */
    public static NodeSet noHealthyReplica() {
        return NodeSet.of(List.of(
                healthy("a").withHealth(NodeHealth.UNHEALTHY), healthy("b").withHealth(NodeHealth.SUSPECT)));
    }

    /** The same node (sharing its counters) with another health. */
    public FakeNode withHealth(NodeHealth h) {
        return new FakeNode(id, weight, h, sessions, inFlight);
    }

    /** The same node (sharing its counters) with another weight. */
    public FakeNode withWeight(int w) {
        return new FakeNode(id, w, health, sessions, inFlight);
    }

    @Override
    public String name() {
        return "Node " + id;
    }

    @Override
    public String url() {
        return "http://" + id + ":3000";
    }

    @Override
    public int activeSessions() {
        return sessions.get();
    }

    @Override
    public int inFlightRequests() {
        return inFlight.get();
    }
}
