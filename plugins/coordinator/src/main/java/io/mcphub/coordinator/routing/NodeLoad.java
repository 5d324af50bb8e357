package io.mcphub.coordinator.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The coordinator's own count of the upstream sessions it has open on each node. Kept outside the immutable
 * snapshots so that it survives them; the routing plugins read it through {@link ClusterNode#activeSessions()}.
 * Requests in flight are not counted here: the balancer counts them from {@code onStart}/{@code onEnd} (as the SPI
 * says, in-flight counts live in the balancer), and a second count per request on the hot path was one too many.
 *
 * <p><b>Threading:</b> lock-free, safe for any thread. <b>Nullability:</b> nothing returns null.
 */
final class NodeLoad {
    static final class Counters {
        final AtomicInteger sessions = new AtomicInteger();
    }

    private final Map<String, Counters> byNode = new ConcurrentHashMap<>();

    Counters of(String nodeId) {
        return byNode.computeIfAbsent(nodeId, k -> new Counters());
    }

    void forget(String nodeId) {
        byNode.remove(nodeId);
    }
}
