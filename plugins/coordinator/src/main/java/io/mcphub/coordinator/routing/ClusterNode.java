package io.mcphub.coordinator.routing;

import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeView;

/**
 * A node as the routing plugins see it for one server: healthy only when the node is healthy and reports that
 * server connected. Its sessions are read live from the coordinator's own counter; its requests in flight are the
 * node's own report.
 */
final class ClusterNode implements NodeView {
    private final NodeRecord record;
    private final NodeHealth health;
    private final NodeLoad.Counters load;

    ClusterNode(NodeRecord record, String server, NodeLoad.Counters load) {
        this.record = record;
        this.health =
                record.health() == NodeHealth.HEALTHY && !record.hosts(server) ? NodeHealth.UNHEALTHY : record.health();
        this.load = load;
    }

    NodeRecord record() {
        return record;
    }

    /** Whether the node is draining: no new placements, its sessions move at their next request. */
    boolean draining() {
        return record.draining();
    }

    NodeLoad.Counters load() {
        return load;
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public String name() {
        return record.name();
    }

    @Override
    public String url() {
        return record.url();
    }

    @Override
    public int weight() {
        return record.weight();
    }

    @Override
    public NodeHealth health() {
        return health;
    }

    @Override
    public int activeSessions() {
        return load.sessions.get();
    }

    /** The node's own report of its requests in flight, when this view was built (the balancer counts ours). */
    @Override
    public int inFlightRequests() {
        return record.inFlight();
    }

    @Override
    public String toString() {
        return record.id() + "(" + health + ")";
    }
}
