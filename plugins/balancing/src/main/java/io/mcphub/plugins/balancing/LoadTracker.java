package io.mcphub.plugins.balancing;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-node {@link NodeStats} of one balancer, keyed by node id. Pickers take the stats of their healthy
 * nodes into an array when the snapshot is built, so a pick never touches the map; only start and end do.
 */
final class LoadTracker {
    private final ConcurrentMap<String, NodeStats> byId = new ConcurrentHashMap<>();
    private final double alpha;
    private final long failurePenaltyNanos;

    LoadTracker(double alpha, long failurePenaltyNanos) {
        this.alpha = alpha;
        this.failurePenaltyNanos = failurePenaltyNanos;
    }

    /** Stats aligned with {@code healthy}; forgets nodes that left, so a node that returns starts afresh. */
    NodeStats[] statsFor(NodeSet nodes, HealthyIndex healthy) {
        Set<String> ids = new HashSet<>();
        nodes.all().forEach(n -> ids.add(n.id()));
        byId.keySet().retainAll(ids);
        NodeStats[] out = new NodeStats[healthy.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = stats(healthy.get(i));
        }
        return out;
    }

    void start(NodeView node) {
        stats(node).start();
    }

    void end(NodeView node, long elapsedNanos, boolean failed) {
        // a failure may come back fast (refused) but is the worst outcome; count it as at least the penalty
        stats(node).end(failed ? Math.max(elapsedNanos, failurePenaltyNanos) : elapsedNanos, alpha);
    }

    private NodeStats stats(NodeView node) {
        NodeStats s = byId.get(node.id());
        return s != null ? s : byId.computeIfAbsent(node.id(), id -> new NodeStats());
    }
}
