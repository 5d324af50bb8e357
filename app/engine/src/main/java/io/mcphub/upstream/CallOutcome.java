package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeApi;

/**
 * How a call to an upstream ended, as a typed value (after grpc's {@code RpcProgress}): the peer answered, the
 * request never reached it, it may have run, it timed out, it was cancelled, or the hub refused it itself. Decisions
 * (failover, marking a node suspect) switch on {@link #kind()}; the client's JSON-RPC answer is made from the value in
 * one place, {@link #render}.
 *
 * <p><b>Threading:</b> immutable values. <b>Nullability:</b> fields documented as optional may be null; the rest
 * are not.
 */
@ModeApi
public sealed interface CallOutcome {
    /** Which outcome this is, for a {@code switch} (the project compiles for Java 17: no pattern switch). */
    enum Kind {
        ANSWERED,
        REFUSED,
        MAY_HAVE_RUN,
        TIMED_OUT,
        CANCELLED,
        REJECTED
    }

    /** What is known of the peer as a whole, beyond this one request. */
    enum Peer {
        /** The failure says nothing about the peer (a closed connection, an expired session). */
        UNKNOWN,
        /** The peer is there; only this message failed. */
        UP,
        /** The peer itself cannot be reached (connection refused, process gone): others will fail too. */
        DOWN
    }

    Kind kind();

    /**
     * An answer to pass on as it is: the peer's own response (result or error) with the upstream's id, or an answer
     * the hub gives in the peer's place (an empty result where there is nothing to forward).
     */
    record Answered(ObjectNode response) implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.ANSWERED;
        }

        public boolean isError() {
            return JsonRpc.isError(response);
        }
    }

    /**
     * The request certainly never reached the peer: it may be sent elsewhere.
     *
     * @param server    the server, optional (a coordinator's node session names the node instead)
     * @param message   the client's error message
     * @param node      optional: the cluster node it was for
     * @param status    optional: the server's state when it is known not to be connected
     * @param lastError optional: the server's last error, with {@code status}
     */
    record Refused(String server, String message, String node, String status, String lastError, Peer peer)
            implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }

        public boolean peerDown() {
            return peer == Peer.DOWN;
        }
    }

    /** The request may have reached the peer and run (the connection broke mid-request): never send it again. */
    record MayHaveRun(String server, String message, String node, Peer peer) implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.MAY_HAVE_RUN;
        }
    }

    /** No answer within the call's timeout; the peer was told to cancel. */
    record TimedOut(String server, String method, long timeoutMs) implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.TIMED_OUT;
        }
    }

    /** The client gave up before an answer came. */
    record Cancelled(String reason) implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.CANCELLED;
        }
    }

    /** The hub refused the call itself, before any routing (a code and a message, no routing facts). */
    record Rejected(int code, String message) implements CallOutcome {
        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }
    }

    /**
     * The JSON-RPC answer a client sees for an outcome, with the client's {@code id}: the one place where outcomes
     * become JSON. The codes, messages and {@code data} fields are the hub's wire contract (a coordinator reads a
     * node's {@code data.reached}; see docs/cluster-protocol.md).
     */
    static ObjectNode render(CallOutcome outcome, JsonNode id) {
        switch (outcome.kind()) {
            case ANSWERED -> {
                ObjectNode response = ((Answered) outcome).response();
                // the answer was parsed for this call alone: it can take the client's id in place
                response.set("id", id);
                return response;
            }
            case REFUSED -> {
                Refused r = (Refused) outcome;
                return JsonRpc.error(
                        id,
                        JsonRpc.SERVER_UNAVAILABLE,
                        r.message(),
                        facts(r.server(), r.node(), r.status(), r.lastError(), false, r.peer()));
            }
            case MAY_HAVE_RUN -> {
                MayHaveRun m = (MayHaveRun) outcome;
                return JsonRpc.error(
                        id,
                        JsonRpc.SERVER_UNAVAILABLE,
                        m.message(),
                        facts(m.server(), m.node(), null, null, true, m.peer()));
            }
            case TIMED_OUT -> {
                TimedOut t = (TimedOut) outcome;
                return JsonRpc.error(
                        id,
                        JsonRpc.REQUEST_TIMEOUT,
                        "Request timed out: " + t.server() + " did not answer " + t.method() + " within "
                                + t.timeoutMs() + " ms",
                        Json.object().put("server", t.server()).put("timeoutMs", t.timeoutMs()));
            }
            case CANCELLED -> {
                String reason = ((Cancelled) outcome).reason();
                return JsonRpc.error(id, JsonRpc.REQUEST_CANCELLED, "Request cancelled: " + reason);
            }
            case REJECTED -> {
                Rejected r = (Rejected) outcome;
                return JsonRpc.error(id, r.code(), r.message());
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private static ObjectNode facts(
            String server, String node, String status, String lastError, boolean reached, Peer peer) {
        ObjectNode data = Json.object();
        if (server != null) {
            data.put("server", server);
        }
        if (node != null) {
            data.put("node", node);
        }
        if (status != null) {
            data.put("status", status);
        }
        data.put("reached", reached);
        if (peer != Peer.UNKNOWN) {
            data.put("peerDown", peer == Peer.DOWN);
        }
        if (lastError != null) {
            data.put("lastError", lastError);
        }
        return data;
    }

    /** The message of an outcome as a client would read it (for logs and exceptions). */
    static String message(CallOutcome outcome) {
        if (outcome instanceof Answered a) {
            return a.response().path("error").path("message").asText("");
        }
        return render(outcome, null).path("error").path("message").asText("");
    }
}
