package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 2026-07-28 client's {@code subscriptions/listen} for a cluster server's resources, relayed to one replica as a
 * listen of the coordinator's own (the node translates for a 2025 server). It outlives its node: when the node dies
 * or ends the listen (it is stopping), the listen moves to another healthy replica, and the client is sent a
 * {@code notifications/resources/updated} for every URI it listens to, since an update may have happened while no
 * replica was listening for it (the client reads the resource again). With no replica left, the listen ends with
 * the outcome of the last attempt, which the client hears as the end of its subscription.
 *
 * <p><b>Threading:</b> attempts end on transport threads, one at a time; the state is touched by one thread at a
 * time (each hand-over is through the attempt's end).
 */
final class ListenRelay {
    private static final Logger log = LoggerFactory.getLogger(ListenRelay.class);

    private final ReplicaSetUpstream server;
    private final JsonNode params;
    private final RequestContext context;
    private final PendingCall call = new PendingCall();
    private final Set<String> left = new HashSet<>();

    ListenRelay(ReplicaSetUpstream server, JsonNode params, RequestContext context) {
        this.server = server;
        this.params = params;
        this.context = context;
    }

    PendingCall start() {
        next(null);
        return call;
    }

    /** Listens on the next replica; {@code movedFrom} is the node the listen was on (null for the first). */
    private void next(ClusterNode movedFrom) {
        if (call.outcome().isDone()) {
            return; // the client closed its listen
        }
        ClusterNode node = server.place(context, left);
        if (node == null) {
            call.complete(new CallOutcome.Refused(
                    server.name(),
                    "No healthy replica of server " + server.name() + " is left to listen on",
                    null,
                    null,
                    null,
                    CallOutcome.Peer.UNKNOWN));
            return;
        }
        if (movedFrom != null) {
            log.info(
                    "A listen on {} moves from node {} to node {}; its client hears that its resources may have"
                            + " changed meanwhile",
                    server.name(),
                    movedFrom.id(),
                    node.id());
            server.failover(RoutingMetrics.Failover.RETRIED);
            server.mayHaveChanged(params.path("notifications").path("resourceSubscriptions"), context);
        }
        call.attach(server.statelessLink(context, node).listen(params, context, outcome -> ended(node, outcome)));
    }

    private void ended(ClusterNode node, CallOutcome outcome) {
        switch (outcome.kind()) {
            case REFUSED, MAY_HAVE_RUN -> {
                // the node died or refused: another replica listens
                boolean down = outcome instanceof CallOutcome.Refused r && r.peerDown()
                        || outcome instanceof CallOutcome.MayHaveRun m && m.peer() == CallOutcome.Peer.DOWN;
                if (down) {
                    server.linkFailed(context, node, true, CallOutcome.message(outcome));
                }
                left.add(node.id());
                next(node);
            }
            case ANSWERED -> {
                // the node ended the listen itself (it is stopping or draining): the subscription goes on elsewhere
                left.add(node.id());
                if (server.anotherReplica(left)) {
                    next(node);
                } else {
                    call.complete(outcome);
                }
            }
            case TIMED_OUT, CANCELLED, REJECTED -> call.complete(outcome);
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }
}
