package io.mcphub.coordinator.registry;

import io.mcphub.spi.NodeHealth;

/**
 * A registered node's health as a state machine ({@code docs/cluster-protocol.md}, "Health"). The states are the
 * three {@link NodeHealth} values and "removed" (the registry forgets the node); every transition is in
 * {@link #next(NodeHealth, Event)}. Times are not decided here: the registry turns them into events.
 *
 * <pre>
 *   (unknown) --REGISTERED--> HEALTHY                       any --REGISTERED / HEARTBEAT--> HEALTHY
 *   HEALTHY --SUSPECTED--> SUSPECT                          HEALTHY --HEARTBEAT_OVERDUE--> UNHEALTHY
 *   SUSPECT | UNHEALTHY --CLEANUP_DUE--> removed            any --DEREGISTERED--> removed
 * </pre>
 */
final class NodeLifecycle {

    enum Event {
        /** The node registered (a new node, or a known one again: a restart, or catalogs the coordinator asked for). */
        REGISTERED,
        /** A heartbeat from a known node. */
        HEARTBEAT,
        /** A request to the node was refused or answered 5xx. */
        SUSPECTED,
        /** No heartbeat for {@code nodeTimeout}. */
        HEARTBEAT_OVERDUE,
        /** Not healthy for {@code cleanupInterval}. */
        CLEANUP_DUE,
        /** The node said goodbye. */
        DEREGISTERED
    }

    /** What becomes of a node after an event: it stays as it is, takes a new health, or is removed. */
    enum Kind {
        STAY,
        BECOME,
        REMOVE
    }

    /** @param health the new health when {@code kind} is {@link Kind#BECOME}, else null */
    record Next(Kind kind, NodeHealth health) {}

    private static final Next STAY = new Next(Kind.STAY, null);
    private static final Next REMOVE = new Next(Kind.REMOVE, null);
    private static final Next HEALTHY = become(NodeHealth.HEALTHY);

    private NodeLifecycle() {}

    static Next next(NodeHealth state, Event event) {
        return switch (event) {
            case REGISTERED -> HEALTHY;
            case HEARTBEAT -> state == NodeHealth.HEALTHY ? STAY : HEALTHY;
            case SUSPECTED -> state == NodeHealth.HEALTHY ? become(NodeHealth.SUSPECT) : STAY;
            case HEARTBEAT_OVERDUE -> state == NodeHealth.HEALTHY ? become(NodeHealth.UNHEALTHY) : STAY;
            case CLEANUP_DUE -> state == NodeHealth.HEALTHY ? STAY : REMOVE;
            case DEREGISTERED -> REMOVE;
        };
    }

    private static Next become(NodeHealth health) {
        return new Next(Kind.BECOME, health);
    }
}
