package io.mcphub.plugins.balancing;

import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A node for tests: fixed identity, weight and health, a live session counter. */
record FakeNode(String id, int weight, NodeHealth health, AtomicInteger sessions) implements NodeView {

    static FakeNode healthy(String id, int weight) {
        return new FakeNode(id, weight, NodeHealth.HEALTHY, new AtomicInteger());
    }

    static List<NodeView> healthy(int n) {
        List<NodeView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(healthy("node-" + i, 1));
        }
        return out;
    }

    FakeNode withHealth(NodeHealth h) {
        return new FakeNode(id, weight, h, sessions);
    }

    @Override
    public String name() {
        return id;
    }

    @Override
    public String url() {
        return "http://" + id;
    }

    @Override
    public int activeSessions() {
        return sessions.get();
    }

    @Override
    public int inFlightRequests() {
        return 0;
    }
}
