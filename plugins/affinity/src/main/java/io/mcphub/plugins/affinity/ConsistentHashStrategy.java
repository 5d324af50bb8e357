package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.Optional;

/**
 * Ring consistent hashing keyed by the session id, optionally with bounded loads (Mirrokni et al.).
 *
 * <p>The ring holds every replica, healthy or not, and a lookup walks past ineligible owners. So a node
 * that turns unhealthy or leaves gives up exactly its own keys, each to the next node on the ring, and
 * nobody else's key moves; a joining node takes only the arcs its points cut out, about 1/(n+1).
 *
 * <p>The key is the session id alone, not the server: a session's servers that share replica sets land on
 * the same node, which keeps the coordinator's upstream sessions per node few.
 */
final class ConsistentHashStrategy implements StickyStrategy {
    /** About 64 MB of rings at most (8 bytes a point): 16 servers of 500 nodes x 1000 virtual nodes. */
    private static final long MAX_CACHED_POINTS = 8_000_000;

    private final ConsistentHashConfig config;
    /** The coordinator asks for a router per server per cluster view; the rings are made incrementally. */
    private final RingCache rings;

    ConsistentHashStrategy(ConsistentHashConfig config) {
        this.config = config;
        this.rings = new RingCache(config.virtualNodes(), MAX_CACHED_POINTS);
    }

    @Override
    public Router router(NodeSet nodes) {
        return new RingRouter(nodes, rings.ringFor(nodes), config.loadFactor());
    }

    /** The ring a router of {@code nodes} would use (tests). */
    HashRing ring(NodeSet nodes) {
        return rings.ringFor(nodes);
    }

    private static final class RingRouter implements Router {
        private final NodeSet nodes;
        private final HashRing ring;
        private final boolean[] healthy;
        private final int healthyCount;
        private final double loadFactor;

        RingRouter(NodeSet nodes, HashRing ring, double loadFactor) {
            this.nodes = nodes;
            this.ring = ring;
            this.loadFactor = loadFactor;
            this.healthy = new boolean[nodes.size()];
            for (int i = 0; i < healthy.length; i++) {
                healthy[i] = nodes.get(i).isHealthy();
            }
            this.healthyCount = nodes.healthy().size();
        }

        @Override
        public Optional<NodeView> route(RoutingRequest request) {
            Optional<String> session = request.sessionId();
            if (session.isEmpty() || healthyCount == 0) {
                return Optional.empty();
            }
            int start = ring.firstPointFor(Hashing.hash64(session.get()));
            long capacity = loadFactor > 0 ? capacity() : Long.MAX_VALUE;
            for (int p = 0, n = ring.size(); p < n; p++) {
                int owner = ring.ownerAt(start + p);
                if (healthy[owner] && nodes.get(owner).activeSessions() < capacity) {
                    return nodes.optional(owner);
                }
            }
            return Optional.empty();
        }

        /** ceil(c * (sessions + 1) / healthy nodes): at least one healthy node is always under it. */
        private long capacity() {
            long total = 0;
            for (int i = 0; i < healthy.length; i++) {
                if (healthy[i]) {
                    total += nodes.get(i).activeSessions();
                }
            }
            return (long) Math.ceil(loadFactor * (total + 1) / healthyCount);
        }
    }
}
