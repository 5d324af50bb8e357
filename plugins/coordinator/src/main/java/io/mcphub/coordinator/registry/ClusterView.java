package io.mcphub.coordinator.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster at one moment: every node, and for every server name the nodes that report it (healthy or not).
 * Immutable; the registry swaps in a new one on every change and tells its listeners.
 */
public final class ClusterView {
    public static final ClusterView EMPTY = new ClusterView(0, Map.of());

    private final long version;
    private final Map<String, NodeRecord> nodes;
    private final Map<String, List<NodeRecord>> replicas;

    public ClusterView(long version, Map<String, NodeRecord> nodes) {
        this.version = version;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        Map<String, List<NodeRecord>> byServer = new TreeMap<>();
        for (NodeRecord n : this.nodes.values()) {
            for (String server : n.servers().keySet()) {
                byServer.computeIfAbsent(server, k -> new ArrayList<>()).add(n);
            }
        }
        byServer.replaceAll((k, v) -> List.copyOf(v));
        this.replicas = Collections.unmodifiableMap(byServer);
    }

    public long version() {
        return version;
    }

    public Map<String, NodeRecord> nodes() {
        return nodes;
    }

    public NodeRecord node(String id) {
        return nodes.get(id);
    }

    /** Server names reported by any node. */
    public Set<String> servers() {
        return replicas.keySet();
    }

    /** The nodes that report {@code server}, in registration order, whatever their health. */
    public List<NodeRecord> replicas(String server) {
        return replicas.getOrDefault(server, List.of());
    }
}
