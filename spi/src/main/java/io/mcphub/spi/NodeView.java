package io.mcphub.spi;

/**
 * A read-only view of one node of the cluster, as a routing plugin sees it.
 *
 * <p>{@link #id()} is the node's stable identity and the only thing plugins should key on: never its
 * position in a list, its name or its address, which can change while the node stays the same. Within
 * one {@link NodeSet} the id, name, url, weight and health do not change; the load figures
 * ({@link #activeSessions()}, {@link #inFlightRequests()}) may be live counters read at the moment of the
 * call.
 */
public interface NodeView {

    /** The stable node id, unique in the cluster (e.g. {@code node-1}). */
    String id();

    /** A human-readable name (e.g. {@code Worker Node 1}); for logs, never for routing. */
    String name();

    /** The advertised base URL of the node; for logs, never for routing. */
    String url();

    /** The node's relative capacity from its config, at least 1 (default 1). */
    int weight();

    /** The node's health when its {@link NodeSet} was built. */
    NodeHealth health();

    /** Client sessions currently placed on this node (through any server). */
    int activeSessions();

    /**
     * Requests in flight on this node, as the node itself reported them when this view of it was built (a
     * coordinator learns it from registrations and heartbeats; it is not a live figure). A balancer that weighs the
     * requests it sends counts them itself from
     * {@link LoadBalancer#onStart(NodeView)} / {@link LoadBalancer#onEnd(NodeView, long, boolean)}; the hub
     * does not count them a second time.
     */
    int inFlightRequests();

    /** Shorthand for {@code health().isHealthy()}. */
    default boolean isHealthy() {
        return health().isHealthy();
    }
}
