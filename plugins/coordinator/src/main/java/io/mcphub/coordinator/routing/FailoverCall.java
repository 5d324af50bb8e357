package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request to a cluster server, with all its attempts: placed on a replica, sent on the client session's
 * own session to that node, and, when the attempt never reached it, placed again on a replica not yet tried. The
 * caller sees one {@link PendingCall}; a cancel reaches whichever attempt is under way. Each attempt's
 * {@link CallOutcome} is decided here with one {@code switch}:
 *
 * <ul>
 *   <li>answered by the node: passed on, unless the node says its own replica of the server is down; then the node
 *       stays healthy, and the request goes to another replica (never reached) or fails naming the node (may have
 *       run);
 *   <li>refused by our link to the node: that node session is dropped, a node that refused the connection is marked
 *       suspect at once, and the request goes to another replica;
 *   <li>may have run on the node: the node session is dropped and the client gets an error naming the server and the
 *       node; the request is never sent twice;
 *   <li>timed out, cancelled, rejected: passed on.
 * </ul>
 *
 * <p><b>Threading:</b> attempts end on transport threads; one attempt is under way at a time, so the state here is
 * touched by one thread at a time (each hand-over is through a future). <b>Nullability:</b> {@code tried} is null
 * until a first attempt fails.
 */
final class FailoverCall {
    private static final Logger log = LoggerFactory.getLogger(FailoverCall.class);

    private final ReplicaSetUpstream server;
    private final String method;
    private final JsonNode params;
    private final RequestContext context;
    private final PendingCall call = new PendingCall();
    private Set<String> tried;
    private final String pinned;
    /** Attempts started; guarded by {@code this}, so that only the current attempt is attached to the call. */
    private int attempts;

    FailoverCall(ReplicaSetUpstream server, String method, JsonNode params, RequestContext context) {
        this(server, method, params, context, null);
    }

    /** @param pinned the only node the request may go to (a retry of that node's input_required), or null */
    FailoverCall(ReplicaSetUpstream server, String method, JsonNode params, RequestContext context, String pinned) {
        this.pinned = pinned;
        this.server = server;
        this.method = method;
        this.params = params;
        this.context = context;
    }

    PendingCall start() {
        next();
        return call;
    }

    private void next() {
        ClusterNode node = pinned != null
                ? server.pinned(pinned, tried == null ? Set.of() : tried)
                : server.place(context, tried == null ? Set.of() : tried);
        if (node == null) {
            if (tried != null) {
                server.failover(RoutingMetrics.Failover.NO_REPLICA);
            }
            call.complete(new CallOutcome.Refused(
                    server.name(),
                    "No healthy replica of server " + server.name()
                            + (tried == null ? "" : " (tried nodes " + String.join(", ", tried) + ")"),
                    null,
                    null,
                    null,
                    CallOutcome.Peer.UNKNOWN));
            return;
        }
        NodeLink session = server.link(context, node);
        long start = System.nanoTime();
        server.started(node);
        int mine;
        synchronized (this) {
            mine = ++attempts;
        }
        PendingCall.Step step = session.send(method, params, context, outcome -> ended(node, start, outcome));
        synchronized (this) {
            // an attempt can end (and the next one start) before send returns: only the current one is attached
            if (attempts == mine) {
                call.attach(step);
            }
        }
    }

    private void ended(ClusterNode node, long start, CallOutcome outcome) {
        boolean unavailable = outcome.kind() == CallOutcome.Kind.REFUSED
                || outcome.kind() == CallOutcome.Kind.MAY_HAVE_RUN
                || outcome instanceof CallOutcome.Answered a && NodeAnswer.unavailable(a);
        server.ended(node, System.nanoTime() - start, unavailable);
        switch (outcome.kind()) {
            case ANSWERED -> {
                CallOutcome.Answered answer = (CallOutcome.Answered) outcome;
                if (!NodeAnswer.unavailable(answer)) {
                    call.complete(answer);
                } else if (NodeAnswer.neverReached(answer)) {
                    // the node's own replica of the server is down: the node stays healthy for its other servers
                    retry(node);
                } else {
                    call.complete(mayHaveRun(node, CallOutcome.message(answer)));
                }
            }
            case REFUSED -> {
                // our link to the node failed: that session is not used again, and a node that refused the
                // connection is placed on no more until it heartbeats
                CallOutcome.Refused refused = (CallOutcome.Refused) outcome;
                server.linkFailed(context, node, refused.peerDown(), refused.message());
                retry(node);
            }
            case MAY_HAVE_RUN -> {
                CallOutcome.MayHaveRun broken = (CallOutcome.MayHaveRun) outcome;
                server.linkFailed(context, node, broken.peer() == CallOutcome.Peer.DOWN, broken.message());
                call.complete(mayHaveRun(node, broken.message()));
            }
            case TIMED_OUT, CANCELLED, REJECTED -> call.complete(outcome);
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private void retry(ClusterNode node) {
        if (tried == null) {
            tried = new HashSet<>();
        }
        tried.add(node.id());
        server.failover(RoutingMetrics.Failover.REPLACED);
        log.info("Request for {} never reached node {}; placing it again", server.name(), node.id());
        next();
    }

    private CallOutcome mayHaveRun(ClusterNode node, String why) {
        server.failover(RoutingMetrics.Failover.MAY_HAVE_RUN);
        return new CallOutcome.MayHaveRun(
                server.name(),
                "Server " + server.name() + " on node " + node.id()
                        + " failed while handling the request; it may have run, so it was not retried: " + why,
                node.id(),
                CallOutcome.Peer.UNKNOWN);
    }

    /**
     * What a node's own answer says about its replica of the server: the node renders its outcomes at its edge, so
     * the cluster wire carries them as {@code -32010} with {@code data.reached} (docs/architecture.md, failover).
     * This is the one place the coordinator reads them back.
     */
    private static final class NodeAnswer {
        private NodeAnswer() {}

        static boolean unavailable(CallOutcome.Answered answer) {
            JsonNode error = answer.response().get("error");
            return error != null && error.path("code").asInt() == JsonRpc.SERVER_UNAVAILABLE;
        }

        static boolean neverReached(CallOutcome.Answered answer) {
            return !answer.response().path("error").path("data").path("reached").asBoolean(true);
        }
    }
}
