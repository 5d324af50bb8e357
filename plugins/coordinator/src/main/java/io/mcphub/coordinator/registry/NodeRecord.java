package io.mcphub.coordinator.registry;

import io.mcphub.spi.NodeHealth;
import java.time.Instant;
import java.util.Map;

/**
 * A registered node as the coordinator last heard of it. Immutable: every change makes a new record and a new
 * {@link ClusterView}.
 *
 * @param servers by server name
 * @param sessions the node's own report of its client sessions (load)
 * @param inFlight the node's own report of requests in flight (load)
 * @param draining an operator (or the node itself, stopping) asked that it take no new placements; its sessions
 *     move to other replicas at their next request. Orthogonal to its health.
 */
public record NodeRecord(
        String id,
        String name,
        String url,
        int weight,
        NodeHealth health,
        Instant lastHeartbeat,
        Instant registeredAt,
        Instant healthSince,
        Map<String, ServerReplica> servers,
        int sessions,
        int inFlight,
        boolean draining) {

    /** A record that is not draining. */
    public NodeRecord(
            String id,
            String name,
            String url,
            int weight,
            NodeHealth health,
            Instant lastHeartbeat,
            Instant registeredAt,
            Instant healthSince,
            Map<String, ServerReplica> servers,
            int sessions,
            int inFlight) {
        this(
                id,
                name,
                url,
                weight,
                health,
                lastHeartbeat,
                registeredAt,
                healthSince,
                servers,
                sessions,
                inFlight,
                false);
    }

    /** The same record, draining or not. */
    public NodeRecord draining(boolean on) {
        return new NodeRecord(
                id,
                name,
                url,
                weight,
                health,
                lastHeartbeat,
                registeredAt,
                healthSince,
                servers,
                sessions,
                inFlight,
                on);
    }

    public boolean hosts(String server) {
        ServerReplica r = servers.get(server);
        return r != null && r.connected();
    }
}
