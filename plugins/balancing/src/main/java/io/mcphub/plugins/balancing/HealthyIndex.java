package io.mcphub.plugins.balancing;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.Optional;

/** The healthy members of a snapshot as a dense array, so that picks index it without filtering. */
final class HealthyIndex {
    private final NodeSet nodes;
    private final int[] index;

    private HealthyIndex(NodeSet nodes, int[] index) {
        this.nodes = nodes;
        this.index = index;
    }

    static HealthyIndex of(NodeSet nodes) {
        int[] idx = new int[nodes.healthy().size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = nodes.indexOf(nodes.healthy().get(i).id());
        }
        return new HealthyIndex(nodes, idx);
    }

    int size() {
        return index.length;
    }

    NodeView get(int i) {
        return nodes.get(index[i]);
    }

    /** The preallocated {@code Optional} of the i-th healthy node. */
    Optional<NodeView> optional(int i) {
        return nodes.optional(index[i]);
    }
}
