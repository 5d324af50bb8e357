package io.mcphub.coordinator.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The coordinator's own count of what it has on each node: upstream sessions open and requests in flight. Kept
 * outside the immutable snapshots so that it survives them; the balancers read it through {@link ClusterNode}.
 */
final class NodeLoad {
    static final class Counters {
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
    }

    private final Map<String, Counters> byNode = new ConcurrentHashMap<>();

    Counters of(String nodeId) {
        return byNode.computeIfAbsent(nodeId, k -> new Counters());
    }

    void forget(String nodeId) {
        byNode.remove(nodeId);
    }
}
