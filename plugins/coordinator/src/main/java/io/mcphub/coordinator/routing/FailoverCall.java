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
 * own session to that node, and, when the attempt never reached it, or reached it but is safe to run twice, placed
 * again on a replica not yet tried. The caller sees one {@link PendingCall}; a cancel reaches whichever attempt is
 * under way. Each attempt's {@link CallOutcome} is decided here with one {@code switch}:
 *
 * <ul>
 *   <li>answered by the node: passed on, unless the node says its own replica of the server is down; then the node
 *       stays healthy, and the request goes to another replica (never reached) or is handled as "may have run";
 *   <li>refused by our link to the node: that node session is dropped, a node that refused the connection is marked
 *       suspect at once, and the request goes to another replica;
 *   <li>may have run on the node: the node session is dropped; a request {@link RetrySafety} finds safe to run twice
 *       (a read, a read-only or idempotent tool) goes to another replica, logged and counted as {@code retried};
 *       anything else gets an error naming the server and the node and is never sent twice;
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
        if (server.mustNotBlock() && server.asksBeforePlacing(context)) {
            // on the selector thread: the replicas are asked from a thread that may wait for them
            server.blocking().execute(() -> {
                try {
                    next(null);
                } catch (RuntimeException e) {
                    log.error("placing a request for {} failed", server.name(), e);
                    call.complete(new CallOutcome.Rejected(
                            JsonRpc.INTERNAL_ERROR,
                            "Internal error: " + e.getClass().getSimpleName()));
                }
            });
            return call;
        }
        next(null);
        return call;
    }

    /**
     * Why a request is placed again: its attempt on {@code failed} never reached the server ({@code verdict} null),
     * or may have run there and is safe to run twice; {@code ifAlone} is what the client gets when no other replica
     * is left (the error it would have had without a retry).
     */
    private record Again(ClusterNode failed, RetrySafety.Verdict verdict, CallOutcome.MayHaveRun ifAlone) {}

    /** Places and sends the next attempt; {@code again} is null for the first. */
    private void next(Again again) {
        ClusterNode node = pinned != null
                ? server.pinned(pinned, tried == null ? Set.of() : tried)
                : server.place(context, tried == null ? Set.of() : tried);
        if (node == null) {
            noReplicaLeft(again);
            return;
        }
        if (again != null) {
            placedAgain(again, node);
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

    private void placedAgain(Again again, ClusterNode node) {
        if (again.verdict() == null) {
            server.failover(RoutingMetrics.Failover.REPLACED);
            log.info(
                    "Request for {} never reached node {}; placing it again on node {}",
                    server.name(),
                    again.failed().id(),
                    node.id());
        } else {
            server.failover(RoutingMetrics.Failover.RETRIED);
            log.info(
                    "Retrying {} for {} on node {}: node {} failed while handling it, and a {} is safe to run twice",
                    describe(),
                    server.name(),
                    node.id(),
                    again.failed().id(),
                    again.verdict().label);
        }
    }

    private void noReplicaLeft(Again again) {
        if (again != null && again.ifAlone() != null) {
            // safe to retry, but nowhere to: the client hears what it would have without the retry
            server.failover(RoutingMetrics.Failover.MAY_HAVE_RUN);
            call.complete(again.ifAlone());
            return;
        }
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
                    mayHaveRun(node, CallOutcome.message(answer));
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
                mayHaveRun(node, broken.message());
            }
            case TIMED_OUT, CANCELLED, REJECTED -> call.complete(outcome);
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private void retry(ClusterNode node) {
        triedOn(node);
        next(new Again(node, null, null));
    }

    private void triedOn(ClusterNode node) {
        if (tried == null) {
            tried = new HashSet<>();
        }
        tried.add(node.id());
    }

    /** The attempt on {@code node} may have run: sent again when that is safe, else answered with an error. */
    private void mayHaveRun(ClusterNode node, String why) {
        RetrySafety.Verdict verdict = RetrySafety.of(method, params, server.catalog());
        switch (verdict) {
            case READ_METHOD, READ_ONLY_TOOL, IDEMPOTENT_TOOL -> {
                triedOn(node);
                next(new Again(
                        node, verdict, failedOn(node, "no other healthy replica was left to run it again", why)));
            }
            case UNSAFE -> {
                server.failover(RoutingMetrics.Failover.MAY_HAVE_RUN);
                call.complete(failedOn(node, "it may have run, so it was not retried", why));
            }
            default -> throw new IllegalStateException("unknown verdict " + verdict);
        }
    }

    private CallOutcome.MayHaveRun failedOn(ClusterNode node, String consequence, String why) {
        return new CallOutcome.MayHaveRun(
                server.name(),
                "Server " + server.name() + " on node " + node.id() + " failed while handling the request; "
                        + consequence + ": " + why,
                node.id(),
                CallOutcome.Peer.UNKNOWN);
    }

    /** The request as the log names it: the method, and the tool for a tool call. */
    private String describe() {
        JsonNode name = "tools/call".equals(method) && params != null ? params.get("name") : null;
        return name == null ? method : method + " (tool " + name.asText() + ")";
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
