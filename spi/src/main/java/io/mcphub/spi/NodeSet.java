package io.mcphub.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the replicas of one server: the nodes that host it, with the health each had
 * when the snapshot was taken. The hub builds a new snapshot whenever the membership or the health of the
 * replicas changes, and routing plugins precompute their tables (hash rings, weight schedules) from it,
 * once per snapshot, so that a pick reads only immutable data.
 *
 * <p>Order is the order the hub supplied and carries no meaning; plugins that need a stable order key on
 * {@link NodeView#id()}.
 */
public final class NodeSet {
    private static final NodeSet EMPTY = new NodeSet(List.of());

    private final List<NodeView> all;
    private final List<NodeView> healthy;
    private final Map<String, Integer> indexById;
    private final List<Optional<NodeView>> asOptional;

    private NodeSet(List<NodeView> nodes) {
        List<NodeView> copy = List.copyOf(nodes);
        Map<String, Integer> index = new HashMap<>();
        List<NodeView> ok = new ArrayList<>();
        List<Optional<NodeView>> opts = new ArrayList<>(copy.size());
        for (int i = 0; i < copy.size(); i++) {
            NodeView n = copy.get(i);
            if (index.putIfAbsent(n.id(), i) != null) {
                throw new IllegalArgumentException("duplicate node id in a node set: " + n.id());
            }
            if (n.isHealthy()) {
                ok.add(n);
            }
            opts.add(Optional.of(n));
        }
        this.all = copy;
        this.healthy = Collections.unmodifiableList(ok);
        this.indexById = Collections.unmodifiableMap(index);
        this.asOptional = Collections.unmodifiableList(opts);
    }

    /** A snapshot of {@code nodes}; ids must be unique. */
    public static NodeSet of(List<? extends NodeView> nodes) {
        return nodes.isEmpty() ? EMPTY : new NodeSet(List.copyOf(nodes));
    }

    /** The snapshot with no nodes. */
    public static NodeSet empty() {
        return EMPTY;
    }

    /** Every replica, healthy or not. */
    public List<NodeView> all() {
        return all;
    }

    /** The replicas that may take placements, in {@link #all()} order. */
    public List<NodeView> healthy() {
        return healthy;
    }

    /** Number of replicas, healthy or not. */
    public int size() {
        return all.size();
    }

    /** The replica at {@code index} of {@link #all()}. */
    public NodeView get(int index) {
        return all.get(index);
    }

    /** The position of the node with this id in {@link #all()}, or -1. */
    public int indexOf(String nodeId) {
        Integer i = nodeId == null ? null : indexById.get(nodeId);
        return i == null ? -1 : i;
    }

    /** The replica with this id, healthy or not. */
    public Optional<NodeView> byId(String nodeId) {
        int i = indexOf(nodeId);
        return i < 0 ? Optional.empty() : asOptional.get(i);
    }

    /** The replica with this id if it is healthy: how plugins vet a node named by a client. */
    public Optional<NodeView> healthyById(String nodeId) {
        int i = indexOf(nodeId);
        return i >= 0 && all.get(i).isHealthy() ? asOptional.get(i) : Optional.empty();
    }

    /**
     * {@code Optional.of(get(index))}, preallocated: picks on the hot path return it without allocating.
     */
    public Optional<NodeView> optional(int index) {
        return asOptional.get(index);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NodeSet[");
        for (NodeView n : all) {
            b.append(n.id()).append(n.isHealthy() ? "" : "(" + n.health() + ")").append(' ');
        }
        return b.append(']').toString();
    }
}
