package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A request in flight to one upstream. Its future always completes with a JSON-RPC response message, an error
 * response when the server failed, timed out or went away: failure is a value here, not an exception.
 */
public final class PendingCall {
    final long id;
    final String method;
    final RequestOrigin origin;
    final JsonNode clientProgressToken;
    final CallOptions options;
    final long startNanos = System.nanoTime();
    final CompletableFuture<ObjectNode> response = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;

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

    /** The server's answer, with the upstream's id: the caller puts its own id back. */
    public CompletableFuture<ObjectNode> response() {
        return response;
    }

    public long upstreamId() {
        return id;
    }
}
