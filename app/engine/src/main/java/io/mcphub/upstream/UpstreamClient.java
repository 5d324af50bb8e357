package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeApi;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC peer on one upstream connection. It gives every outgoing request an id of its own (client ids from
 * many sessions would collide), swaps progress tokens the same way, and hands the server's notifications and
 * requests back with the {@link RequestOrigin} they belong to.
 */
@ModeApi
public final class UpstreamClient implements UpstreamTransport.Listener {
    private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);

    /** What the server sends that is not an answer. */
    public interface Inbound {
        void notification(ObjectNode notification, RequestOrigin origin);

        /** Answers a server-to-client request; the response's id is replaced with the server's own. */
        CompletableFuture<ObjectNode> request(ObjectNode request, RequestOrigin origin);

        void closed(String reason);
    }

    private final String serverName;
    private final UpstreamTransport transport;
    private final Inbound inbound;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public UpstreamClient(String serverName, UpstreamTransport transport, Inbound inbound) {
        this.serverName = serverName;
        this.transport = transport;
        this.inbound = inbound;
    }

    public UpstreamTransport transport() {
        return transport;
    }

    public int inFlight() {
        return pending.size();
    }

    /** Sends a request. {@code params} is not modified; a copy carries the swapped progress token. */
    public PendingCall request(String method, JsonNode params, RequestOrigin origin, CallOptions options) {
        long id = ids.incrementAndGet();
        JsonNode clientToken = null;
        JsonNode sent = params;
        if (params instanceof ObjectNode p && p.path("_meta").has("progressToken")) {
            ObjectNode copy = p.deepCopy();
            ObjectNode meta = (ObjectNode) copy.get("_meta");
            clientToken = meta.get("progressToken");
            meta.set("progressToken", LongNode.valueOf(id));
            sent = copy;
        }
        PendingCall call = new PendingCall(id, method, origin, clientToken, options);
        if (closed) {
            call.response.complete(unavailable(id, "connection to " + serverName + " is closed", false));
            return call;
        }
        call.onCancel(reason -> cancel(call, reason));
        pending.put(id, call);
        armTimeout(call, options);
        transport.send(JsonRpc.request(LongNode.valueOf(id), method, sent)).whenComplete((ok, error) -> {
            if (error == null) return;
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean reached = !(cause instanceof DeliveryException d) || d.mayHaveReached();
            boolean peerDown = cause instanceof DeliveryException d && d.peerDown();
            ObjectNode answer = unavailable(id, cause.getMessage(), reached);
            ((ObjectNode) answer.get("error").get("data")).put("peerDown", peerDown);
            finish(call, answer);
        });
        return call;
    }

    private void armTimeout(PendingCall call, CallOptions options) {
        long ms = options.timeout().toMillis();
        if (options.maxTotalTimeout() != null) {
            long left = options.maxTotalTimeout().toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos);
            ms = Math.min(ms, Math.max(left, 0));
        }
        long delay = ms;
        call.timeout = Scheduler.timer().schedule(() -> {
            if (pending.remove(call.id, call)) {
                cancelUpstream(call.id, "timeout");
                call.response.complete(JsonRpc.error(LongNode.valueOf(call.id), JsonRpc.REQUEST_TIMEOUT,
                        "Request timed out: " + serverName + " did not answer " + call.method + " within " + options.timeout().toMillis() + " ms",
                        Json.object().put("server", serverName).put("timeoutMs", options.timeout().toMillis())));
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Cancels a request the client gave up on: tells the server, and answers the caller with a cancellation. */
    void cancel(PendingCall call, String reason) {
        if (pending.remove(call.id, call)) {
            cancelUpstream(call.id, reason);
            finish(call, JsonRpc.error(LongNode.valueOf(call.id), JsonRpc.REQUEST_CANCELLED, "Request cancelled: " + reason));
        }
    }

    private void cancelUpstream(long id, String reason) {
        ObjectNode params = Json.object().put("requestId", id);
        if (reason != null) params.put("reason", reason);
        notify("notifications/cancelled", params);
    }

    public void notify(String method, JsonNode params) {
        transport.send(JsonRpc.notification(method, params)).exceptionally(e -> {
            log.debug("notification {} to {} not delivered: {}", method, serverName, e.toString());
            return null;
        });
    }

    private void finish(PendingCall call, ObjectNode response) {
        pending.remove(call.id, call);
        var t = call.timeout;
        if (t != null) t.cancel(false);
        call.response.complete(response);
    }

    private ObjectNode unavailable(long id, String why, boolean reached) {
        return JsonRpc.error(LongNode.valueOf(id), JsonRpc.SERVER_UNAVAILABLE,
                "Server " + serverName + " is unavailable: " + why,
                Json.object().put("server", serverName).put("reached", reached));
    }

    @Override
    public void onMessage(ObjectNode message, JsonNode relatedRequestId) {
        switch (JsonRpc.kind(message)) {
            case RESPONSE -> onResponse(message);
            case NOTIFICATION -> onNotification(message, relatedRequestId);
            case REQUEST -> onRequest(message, relatedRequestId);
            default -> {
                // some servers replay their SSE priming events as "{}"; anything else is worth a warning
                if (message.isEmpty()) log.debug("{} sent an empty message, ignored", serverName);
                else log.warn("{} sent a message that is not JSON-RPC, ignored: {}", serverName, message);
            }
        }
    }

    private void onResponse(ObjectNode message) {
        JsonNode id = message.get("id");
        PendingCall call = id.canConvertToLong() ? pending.get(id.asLong()) : null;
        if (call == null) {
            log.debug("{} answered unknown or expired request {}", serverName, id);
            return;
        }
        call.fromPeer = true;
        finish(call, message);
    }

    private void onNotification(ObjectNode message, JsonNode relatedRequestId) {
        String method = JsonRpc.method(message);
        ObjectNode params = JsonRpc.params(message);
        RequestOrigin origin;
        if ("notifications/progress".equals(method) && params != null) {
            JsonNode token = params.get("progressToken");
            PendingCall call = token != null && token.canConvertToLong() ? pending.get(token.asLong()) : null;
            if (call == null || call.clientProgressToken == null) {
                log.debug("{} sent progress for unknown token {}", serverName, token);
                return;
            }
            if (call.options.resetTimeoutOnProgress()) {
                var t = call.timeout;
                if (t != null && t.cancel(false)) armTimeout(call, call.options);
            }
            ObjectNode copy = message.deepCopy();
            ((ObjectNode) copy.get("params")).set("progressToken", call.clientProgressToken);
            inbound.notification(copy, call.origin);
            return;
        }
        if ("notifications/cancelled".equals(method)) {
            inbound.notification(message, null);
            return;
        }
        origin = originOf(relatedRequestId);
        inbound.notification(message, origin);
    }

    private void onRequest(ObjectNode message, JsonNode relatedRequestId) {
        JsonNode serverId = message.get("id");
        if ("ping".equals(JsonRpc.method(message))) {
            transport.send(JsonRpc.result(serverId, Json.object()));
            return;
        }
        RequestOrigin origin = originOf(relatedRequestId);
        inbound.request(message, origin).whenComplete((response, error) -> {
            ObjectNode answer;
            if (error != null || response == null) {
                answer = JsonRpc.error(serverId, JsonRpc.INTERNAL_ERROR, "the hub could not answer: " + error);
            } else {
                answer = response.deepCopy();
                answer.set("id", serverId);
            }
            transport.send(answer).exceptionally(e -> {
                log.debug("answer to {}'s request {} not delivered: {}", serverName, serverId, e.toString());
                return null;
            });
        });
    }

    /**
     * Which client request a server message belongs to: the request whose HTTP exchange carried it, else the only
     * request in flight. With several in flight on a shared stdio connection nobody can tell, and it is null.
     */
    private RequestOrigin originOf(JsonNode relatedRequestId) {
        if (relatedRequestId != null && relatedRequestId.canConvertToLong()) {
            PendingCall call = pending.get(relatedRequestId.asLong());
            if (call != null) return call.origin;
        }
        RequestOrigin only = null;
        Iterator<PendingCall> it = pending.values().iterator();
        while (it.hasNext()) {
            PendingCall c = it.next();
            if (c.origin == null) continue;
            if (only != null && only != c.origin) return null;
            only = c.origin;
        }
        return only;
    }

    @Override
    public void onClosed(String reason) {
        closed = true;
        for (PendingCall call : pending.values()) {
            finish(call, unavailable(call.id, reason, true));
        }
        inbound.closed(reason);
    }

    public void close() {
        closed = true;
        transport.close();
        for (PendingCall call : pending.values()) {
            finish(call, unavailable(call.id, "connection closed by the hub", true));
        }
    }
}
