package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A node for tests: fixed identity and health, a live session counter. */
record FakeNode(String id, NodeHealth health, AtomicInteger sessions) implements NodeView {

    static FakeNode healthy(String id) {
        return new FakeNode(id, NodeHealth.HEALTHY, new AtomicInteger());
    }

    static List<NodeView> healthy(int n) {
        List<NodeView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(healthy("node-" + i));
        }
        return out;
    }

    FakeNode withHealth(NodeHealth h) {
        return new FakeNode(id, h, sessions);
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
    public int weight() {
        return 1;
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
