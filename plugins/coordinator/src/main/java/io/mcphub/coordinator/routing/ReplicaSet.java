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

    private ReplicaSet(
            NodeSet nodes,
            StickyStrategy.Router router,
            LoadBalancer.Picker picker,
            ServerCatalog catalog,
            Map<String, ClusterNode> byId) {
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
        NodeSet set = NodeSet.of(members);
        return new ReplicaSet(
                set,
                sticky == null ? null : sticky.router(set),
                balancer.picker(set),
                catalogOf(server, members),
                Map.copyOf(byId));
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

    ClusterNode node(String id) {
        return byId.get(id);
    }

    boolean anyHealthy() {
        return !nodes.healthy().isEmpty();
    }

    List<NodeView> healthy() {
        return nodes.healthy();
    }
}
