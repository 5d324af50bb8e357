package io.mcphub.spi;

import java.util.Optional;

/**
 * Picks one node among the healthy replicas of a server for a new placement, and hears when work on a
 * node starts and ends (for policies that weigh load).
 *
 * <p>The hub creates one balancer per server, calls {@link #picker(NodeSet)} once per snapshot of its
 * replicas, and keeps the picker in that snapshot. State that must survive snapshots (a round-robin
 * position, in-flight counts) lives in the balancer; whatever is derived from one snapshot lives in the
 * picker. All methods are thread-safe; {@link Picker#pick(RoutingRequest)},
 * {@link #onStart(NodeView)} and {@link #onEnd(NodeView, long, boolean)} are on the hot path, usually on the
 * thread that polls the hub's client connections: they must not block (no I/O, no waiting on a lock held
 * long).
 */
public interface LoadBalancer {

    /** A picker over one immutable snapshot of the replicas. May be slow; runs on change only. */
    Picker picker(NodeSet nodes);

    /** A request was sent to {@code node}. */
    default void onStart(NodeView node) {}

    /**
     * The request sent to {@code node} ended, after {@code elapsedNanos}; {@code failed} when it did not
     * get an answer. Called exactly once per {@link #onStart(NodeView)}.
     */
    default void onEnd(NodeView node, long elapsedNanos, boolean failed) {}

    /** Picks over one snapshot. */
    interface Picker {

        /**
         * A healthy node of the snapshot, or empty when there is none. Failure is this empty value, never
         * an exception.
         */
        Optional<NodeView> pick(RoutingRequest request);
    }
}
