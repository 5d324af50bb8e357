package io.mcphub.spi;

import java.util.List;
import java.util.Optional;

/**
 * Names the node a session must stay on, or has no opinion.
 *
 * <p>The hub consults it after its own affinity table (established placements) and before the
 * {@link LoadBalancer}. It calls {@link #router(NodeSet)} once per snapshot of a server's replicas and
 * keeps the router in that snapshot; {@link Router#route(RoutingRequest)} then runs on the hot path, usually
 * on the thread that polls the hub's client connections, so it must not block. A strategy is immutable and
 * thread-safe.
 */
public interface StickyStrategy {

    /** Precomputes routing for one snapshot of a server's replicas. May be slow; runs on change only. */
    Router router(NodeSet nodes);

    /** A strategy's routing over one immutable {@link NodeSet}. Thread-safe, lock-free. */
    interface Router {

        /**
         * The node this request must go to, or empty for no opinion (the hub then asks the load
         * balancer). Only a healthy member of the snapshot may be returned: whatever the client sends, it
         * must not reach a node it could not otherwise reach. Never throws for bad client input.
         */
        Optional<NodeView> route(RoutingRequest request);

        /**
         * Headers to add to the response after the hub placed {@code request} on {@code node} (by this
         * router, the balancer or the affinity table): a {@code Set-Cookie}, an echoed header. Empty by
         * default.
         */
        default List<ResponseHeader> onPlaced(NodeView node, RoutingRequest request) {
            return List.of();
        }
    }
}
