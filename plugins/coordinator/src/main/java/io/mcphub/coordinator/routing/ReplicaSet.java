package io.mcphub.coordinator.routing;

import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.ServerReplica;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.StickyStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's replicas at one cluster version: the node set, the sticky router and the balancer's picker built
 * for it, and the catalog the coordinator shows. Immutable; rebuilt when the cluster view changes, so the pick
 * on the hot path only reads.
 */
final class ReplicaSet {
    final NodeSet nodes;
    final StickyStrategy.Router router;
    final LoadBalancer.Picker picker;
    final ServerCatalog catalog;
    private final Map<String, ClusterNode> byId;
    private final boolean undrained;

    private ReplicaSet(
            NodeSet nodes,
            StickyStrategy.Router router,
            LoadBalancer.Picker picker,
            ServerCatalog catalog,
            Map<String, ClusterNode> byId,
            boolean undrained) {
        this.undrained = undrained;
        this.nodes = nodes;
        this.router = router;
        this.picker = picker;
        this.catalog = catalog;
        this.byId = byId;
    }

    static ReplicaSet build(
            String server, ClusterView view, NodeLoad load, StickyStrategy sticky, LoadBalancer balancer) {
        List<ClusterNode> members = new ArrayList<>();
        Map<String, ClusterNode> byId = new HashMap<>();
        for (NodeRecord r : view.replicas(server)) {
            ClusterNode n = new ClusterNode(r, server, load.of(r.id()));
            members.add(n);
            byId.put(r.id(), n);
        }
        // the routing plugins never see a draining node while another healthy replica can take its sessions; with
        // none, it keeps serving (a drain must not take the only replica of a server away)
        List<ClusterNode> pickable = new ArrayList<>();
        for (ClusterNode n : members) {
            if (!n.draining()) {
                pickable.add(n);
            }
        }
        boolean undrained = pickable.stream().anyMatch(ClusterNode::isHealthy);
        NodeSet set = NodeSet.of(undrained ? pickable : members);
        return new ReplicaSet(
                set,
                sticky == null ? null : sticky.router(set),
                balancer.picker(set),
                catalogOf(server, members),
                Map.copyOf(byId),
                undrained);
    }

    /**
     * The catalog most healthy replicas agree on (replicas of one server should be identical; when they are not,
     * the API flags it), falling back to any replica's.
     */
    private static ServerCatalog catalogOf(String server, List<ClusterNode> members) {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, ServerCatalog> byVersion = new HashMap<>();
        ServerCatalog any = ServerCatalog.EMPTY;
        for (ClusterNode n : members) {
            ServerReplica r = n.record().servers().get(server);
            if (r == null || r.catalog() == null) {
                continue;
            }
            if (any == ServerCatalog.EMPTY) {
                any = r.catalog();
            }
            if (!n.isHealthy()) {
                continue;
            }
            votes.merge(r.catalogVersion(), 1, Integer::sum);
            byVersion.putIfAbsent(r.catalogVersion(), r.catalog());
        }
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> byVersion.get(e.getKey()))
                .orElse(any);
    }

    /** How many nodes report the server, healthy, draining or not. */
    int size() {
        return byId.size();
    }

    ClusterNode node(String id) {
        return byId.get(id);
    }

    /** Whether a healthy replica that is not draining exists: then a draining node keeps no placement. */
    boolean hasUndrained() {
        return undrained;
    }

    boolean anyHealthy() {
        return !nodes.healthy().isEmpty();
    }

    List<NodeView> healthy() {
        return nodes.healthy();
    }
}
