package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeApi;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * A request in flight to one upstream. Its future always completes with a JSON-RPC response message, an error
 * response when the server failed, timed out or went away: failure is a value here, not an exception.
 */
@ModeApi
public final class PendingCall {
    final long id;
    final String method;
    final RequestOrigin origin;
    final JsonNode clientProgressToken;
    final CallOptions options;
    final long startNanos = System.nanoTime();
    final CompletableFuture<ObjectNode> response = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;
    private volatile Consumer<String> canceller;
    /** True when the answer came from the peer; false when this hub made it up (timeout, lost connection, cancel). */
    volatile boolean fromPeer;
    private volatile String cancelledFor;

    PendingCall(long id, String method, RequestOrigin origin, JsonNode clientProgressToken, CallOptions options) {
        this.id = id;
        this.method = method;
        this.origin = origin;
        this.clientProgressToken = clientProgressToken;
        this.options = options;
    }

    /** A call that failed before it was sent: its answer is already there. */
    public static PendingCall answered(String method, ObjectNode response) {
        PendingCall call = new PendingCall(0, method, null, null, CallOptions.DEFAULT);
        call.response.complete(response);
        return call;
    }

    /** A call that will be sent later (when its connection is up); see {@link #follow}. */
    public static PendingCall deferred(String method) {
        return new PendingCall(0, method, null, null, CallOptions.DEFAULT);
    }

    void onCancel(Consumer<String> c) {
        this.canceller = c;
    }

    /** Makes this call stand for {@code real}: same answer, and a cancel reaches it. */
    public void follow(PendingCall real) {
        canceller = real::cancel;
        real.response.thenAccept(r -> {
            fromPeer = real.fromPeer;
            response.complete(r);
        });
        String reason = cancelledFor;
        if (reason != null) real.cancel(reason);
    }

    /**
     * Like {@link #follow}, but an answer {@code accept} refuses is not passed on: the caller then relays another
     * attempt (failover). Cancelling reaches whichever attempt is current.
     */
    public void relay(PendingCall attempt, java.util.function.Predicate<ObjectNode> accept) {
        canceller = attempt::cancel;
        attempt.response.thenAccept(r -> {
            if (accept.test(r)) {
                fromPeer = attempt.fromPeer;
                response.complete(r);
            }
        });
        String reason = cancelledFor;
        if (reason != null) attempt.cancel(reason);
    }

    /** Answers this call directly (a deferred call that found nowhere to go). */
    public void complete(ObjectNode answer) {
        response.complete(answer);
    }

    /** The client gave up: the server hears of it, and the call is answered with a cancellation error. */
    public void cancel(String reason) {
        cancelledFor = reason == null ? "cancelled" : reason;
        Consumer<String> c = canceller;
        if (c != null) {
            c.accept(cancelledFor);
        } else {
            response.complete(JsonRpc.error(null, JsonRpc.REQUEST_CANCELLED, "Request cancelled: " + cancelledFor));
        }
    }

    /** The server's answer, with the upstream's id: the caller puts its own id back. */
    public CompletableFuture<ObjectNode> response() {
        return response;
    }

    /**
     * Whether the answer came from the server itself, as opposed to an error this hub made up because the connection
     * failed, the call timed out or was cancelled. A proxy must not read the first as news about its own link.
     */
    public boolean answeredByPeer() {
        return fromPeer;
    }
}
