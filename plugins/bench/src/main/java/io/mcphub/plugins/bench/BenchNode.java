package io.mcphub.plugins.bench;

import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeView;
import java.util.ArrayList;
import java.util.List;

/** A healthy node with weight 1 + (i mod 3), so weighted has real work to do. */
record BenchNode(String id, int weight) implements NodeView {
    static List<NodeView> nodes(int n) {
        List<NodeView> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new BenchNode("node-" + i, 1 + i % 3));
        }
        return out;
    }

    public String name() {
        return id;
    }

    public String url() {
        return "http://" + id;
    }

    public NodeHealth health() {
        return NodeHealth.HEALTHY;
    }

    public int activeSessions() {
        return 0;
    }

    public int inFlightRequests() {
        return 0;
    }
}
