package io.mcphub.coordinator.routing;

import io.mcphub.session.RequestContext;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the node for one (client session, server) request: the affinity table, else the sticky strategy, else
 * the load-balancing policy, among the healthy replicas not already tried. With sticky sessions off there is no
 * table and no strategy: every request is balanced on its own. The strategy and the balancer read the client's
 * {@link RequestContext} itself as their {@code RoutingRequest}: nothing is copied.
 *
 * <p><b>Threading:</b> stateless but for the affinity table; safe for any thread. <b>Nullability:</b> {@code place}
 * returns null when no healthy replica is left.
 */
final class Placer {
    private final AffinityTable affinity;
    private final RoutingMetrics metrics;

    /** @param affinity null when sticky sessions are disabled */
    Placer(AffinityTable affinity) {
        this(affinity, RoutingMetrics.NONE);
    }

    Placer(AffinityTable affinity, RoutingMetrics metrics) {
        this.affinity = affinity;
        this.metrics = metrics;
    }

    /** The chosen node, or null when no healthy replica is left. */
    ClusterNode place(ReplicaSet set, RequestContext request, Set<String> tried) {
        String sessionId = request.session().id();
        String server = request.server();
        ClusterNode chosen = null;
        boolean established = false;
        // a 2026-07-28 request has no session: it is placed on its own, by the strategy's key or the balancer
        boolean stateless = request.session().modern();
        if (affinity != null && !stateless) {
            String id = affinity.get(sessionId, server);
            ClusterNode n = id == null ? null : set.node(id);
            // a placement on a draining node is dropped at this request boundary when another replica can take it
            boolean movable = n != null && n.draining() && set.hasUndrained();
            if (n != null && n.isHealthy() && !tried.contains(id) && !movable) {
                chosen = n;
                established = true;
            }
        }
        if (chosen == null && set.router != null) {
            chosen = usable(set, set.router.route(request), tried);
        }
        if (chosen == null) {
            chosen = usable(set, set.picker.pick(request), tried);
        }
        if (chosen == null) {
            for (NodeView n : set.healthy()) {
                if (!tried.contains(n.id())) {
                    chosen = set.node(n.id());
                    break;
                }
            }
        }
        if (chosen == null) {
            return null;
        }
        if (!established) {
            metrics.placed(server);
            if (affinity != null && !stateless) {
                affinity.put(sessionId, server, chosen.id());
            }
        }
        if (set.router != null) {
            for (ResponseHeader h : set.router.onPlaced(chosen, request)) {
                request.addResponseHeader(h.name(), h.value());
            }
        }
        return chosen;
    }

    private static ClusterNode usable(ReplicaSet set, Optional<NodeView> pick, Set<String> tried) {
        if (pick.isEmpty() || tried.contains(pick.get().id())) {
            return null;
        }
        ClusterNode n = set.node(pick.get().id());
        return n != null && n.isHealthy() ? n : null;
    }
}
