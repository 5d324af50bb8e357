package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeApi;
import io.mcphub.session.RequestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC peer on one upstream connection. It gives every outgoing request an id of its own (client ids from
 * many sessions would collide), swaps progress tokens the same way, and hands the server's notifications and
 * requests back with the {@link RequestContext} they belong to. Every request ends in a {@link CallOutcome}.
 *
 * <p><b>Threading:</b> safe for any thread; answers are handled on the transport's reader thread, timeouts on the
 * {@link Scheduler}. <b>Nullability:</b> a request's context may be null (the hub's own requests).
 */
@ModeApi
public final class UpstreamClient implements UpstreamTransport.Listener {
    private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);

    /** What the server sends that is not an answer. */
    public interface Inbound {
        /** @param context the client request it belongs to; null when nobody can tell */
        void notification(ObjectNode notification, RequestContext context);

        /** Answers a server-to-client request; the response's id is replaced with the server's own. */
        CompletableFuture<ObjectNode> request(ObjectNode request, RequestContext context);

        void closed(String reason);
    }

    /** One request on the wire: what its answer, its progress and a cancel need. Ends once ({@link #finish}). */
    private static final class Exchange implements PendingCall.Step {
        final long id;
        final String method;
        final RequestContext context;
        final JsonNode clientProgressToken;
        final CallOptions options;
        final Consumer<CallOutcome> done;
        final long startNanos = System.nanoTime();
        final UpstreamClient client;
        volatile ScheduledFuture<?> timeout;

        Exchange(
                UpstreamClient client,
                long id,
                String method,
                RequestContext context,
                JsonNode clientProgressToken,
                CallOptions options,
                Consumer<CallOutcome> done) {
            this.client = client;
            this.id = id;
            this.method = method;
            this.context = context;
            this.clientProgressToken = clientProgressToken;
            this.options = options;
            this.done = done;
        }

        @Override
        public void cancel(String reason) {
            client.cancel(this, reason);
        }
    }

    private final String serverName;
    private final UpstreamTransport transport;
    private final Inbound inbound;
    private final Scheduler scheduler;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Exchange> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** This connection's era, decided once per connection (a reconnect decides again). */
    private volatile boolean modern;

    public UpstreamClient(String serverName, UpstreamTransport transport, Inbound inbound) {
        this(serverName, transport, inbound, Scheduler.system());
    }

    public UpstreamClient(String serverName, UpstreamTransport transport, Inbound inbound, Scheduler scheduler) {
        this.serverName = serverName;
        this.transport = transport;
        this.inbound = inbound;
        this.scheduler = scheduler;
    }

    public UpstreamTransport transport() {
        return transport;
    }

    public int inFlight() {
        return pending.size();
    }

    /**
     * Sets this connection's era: 2026-07-28 requests carry the envelope (and over HTTP the headers that mirror
     * it); 2025 requests lose any {@code io.modelcontextprotocol/*} key a client put in their {@code _meta}.
     */
    public void modern(boolean on) {
        this.modern = on;
        transport.modern(on);
    }

    public boolean isModern() {
        return modern;
    }

    /** Whether the connection is gone (closed by the hub, or the server ended it). */
    public boolean isClosed() {
        return closed;
    }

    /** Sends a request as a call of its own. */
    public PendingCall request(String method, JsonNode params, RequestContext context, CallOptions options) {
        PendingCall call = new PendingCall();
        call.attach(send(method, params, context, options, call::complete));
        return call;
    }

    /**
     * Sends a request; {@code done} hears how it ended, exactly once, on whichever thread ends it. {@code params} is
     * not modified; a copy carries the swapped progress token.
     *
     * @param context the client request it serves; null for the hub's own requests (initialize, listing)
     * @return the step a client's cancel reaches
     */
    public PendingCall.Step send(
            String method, JsonNode params, RequestContext context, CallOptions options, Consumer<CallOutcome> done) {
        long id = ids.incrementAndGet();
        JsonNode clientToken = null;
        JsonNode sent = modern ? ModernWire.envelope(params, context) : ModernWire.strip(params);
        if (sent instanceof ObjectNode p && p.path("_meta").has("progressToken")) {
            ObjectNode copy = sent == params ? p.deepCopy() : p;
            ObjectNode meta = (ObjectNode) copy.get("_meta");
            clientToken = meta.get("progressToken");
            meta.set("progressToken", LongNode.valueOf(id));
            sent = copy;
        }
        Exchange ex = new Exchange(this, id, method, context, clientToken, options, done);
        if (closed) {
            done.accept(refused("connection to " + serverName + " is closed", CallOutcome.Peer.UNKNOWN));
            return ex;
        }
        pending.put(id, ex);
        armTimeout(ex, options);
        transport
                .send(JsonRpc.request(LongNode.valueOf(id), method, sent), context)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        return;
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    boolean reached = !(cause instanceof DeliveryException d) || d.mayHaveReached();
                    CallOutcome.Peer peer = cause instanceof DeliveryException d && d.peerDown()
                            ? CallOutcome.Peer.DOWN
                            : CallOutcome.Peer.UP;
                    finish(ex, reached ? mayHaveRun(cause.getMessage(), peer) : refused(cause.getMessage(), peer));
                });
        return ex;
    }

    private void armTimeout(Exchange ex, CallOptions options) {
        long ms = options.timeout().toMillis();
        if (options.maxTotalTimeout() != null) {
            long left = options.maxTotalTimeout().toMillis()
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.startNanos);
            ms = Math.min(ms, Math.max(left, 0));
        }
        ex.timeout = scheduler.schedule(
                () -> {
                    if (pending.remove(ex.id, ex)) {
                        cancelUpstream(ex.id, "timeout");
                        ex.done.accept(new CallOutcome.TimedOut(
                                serverName, ex.method, options.timeout().toMillis()));
                    }
                },
                Duration.ofMillis(ms));
    }

    /** Cancels a request the client gave up on: tells the server, and ends the call as cancelled. */
    private void cancel(Exchange ex, String reason) {
        if (pending.remove(ex.id, ex)) {
            cancelUpstream(ex.id, reason);
            stopTimer(ex);
            ex.done.accept(new CallOutcome.Cancelled(reason));
        }
    }

    private void cancelUpstream(long id, String reason) {
        ObjectNode params = Json.object().put("requestId", id);
        if (reason != null) {
            params.put("reason", reason);
        }
        notify("notifications/cancelled", params);
    }

    public void notify(String method, JsonNode params) {
        transport.send(JsonRpc.notification(method, params)).exceptionally(e -> {
            log.debug("notification {} to {} not delivered: {}", method, serverName, e.toString());
            return null;
        });
    }

    /** Ends an exchange that is still pending; whoever removes it from the map first decides its outcome. */
    private void finish(Exchange ex, CallOutcome outcome) {
        if (pending.remove(ex.id, ex)) {
            stopTimer(ex);
            ex.done.accept(outcome);
        }
    }

    private static void stopTimer(Exchange ex) {
        ScheduledFuture<?> t = ex.timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    private CallOutcome refused(String why, CallOutcome.Peer peer) {
        return new CallOutcome.Refused(
                serverName, "Server " + serverName + " is unavailable: " + why, null, null, null, peer);
    }

    private CallOutcome mayHaveRun(String why, CallOutcome.Peer peer) {
        return new CallOutcome.MayHaveRun(serverName, "Server " + serverName + " is unavailable: " + why, null, peer);
    }

    @Override
    public void onMessage(ObjectNode message, JsonNode relatedRequestId) {
        switch (JsonRpc.kind(message)) {
            case RESPONSE -> onResponse(message);
            case NOTIFICATION -> onNotification(message, relatedRequestId);
            case REQUEST -> onRequest(message, relatedRequestId);
            default -> {
                // some servers replay their SSE priming events as "{}"; anything else is worth a warning
                if (message.isEmpty()) {
                    log.debug("{} sent an empty message, ignored", serverName);
                } else {
                    log.warn("{} sent a message that is not JSON-RPC, ignored: {}", serverName, message);
                }
            }
        }
    }

    private void onResponse(ObjectNode message) {
        JsonNode id = message.get("id");
        Exchange ex = id.canConvertToLong() ? pending.get(id.asLong()) : null;
        if (ex == null) {
            log.debug("{} answered unknown or expired request {}", serverName, id);
            return;
        }
        finish(ex, new CallOutcome.Answered(message));
    }

    private void onNotification(ObjectNode message, JsonNode relatedRequestId) {
        String method = JsonRpc.method(message);
        ObjectNode params = JsonRpc.params(message);
        if ("notifications/progress".equals(method) && params != null) {
            JsonNode token = params.get("progressToken");
            Exchange ex = token != null && token.canConvertToLong() ? pending.get(token.asLong()) : null;
            if (ex == null || ex.clientProgressToken == null) {
                log.debug("{} sent progress for unknown token {}", serverName, token);
                return;
            }
            if (ex.options.resetTimeoutOnProgress()) {
                ScheduledFuture<?> t = ex.timeout;
                if (t != null && t.cancel(false)) {
                    armTimeout(ex, ex.options);
                }
            }
            ObjectNode copy = message.deepCopy();
            ((ObjectNode) copy.get("params")).set("progressToken", ex.clientProgressToken);
            inbound.notification(copy, ex.context);
            return;
        }
        if ("notifications/cancelled".equals(method)) {
            inbound.notification(message, null);
            return;
        }
        inbound.notification(message, contextOf(relatedRequestId));
    }

    private void onRequest(ObjectNode message, JsonNode relatedRequestId) {
        JsonNode serverId = message.get("id");
        if ("ping".equals(JsonRpc.method(message))) {
            transport.send(JsonRpc.result(serverId, Json.object()));
            return;
        }
        inbound.request(message, contextOf(relatedRequestId)).whenComplete((response, error) -> {
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
    private RequestContext contextOf(JsonNode relatedRequestId) {
        if (relatedRequestId != null && relatedRequestId.canConvertToLong()) {
            Exchange ex = pending.get(relatedRequestId.asLong());
            if (ex != null) {
                return ex.context;
            }
        }
        RequestContext only = null;
        for (Exchange ex : pending.values()) {
            if (ex.context == null) {
                continue;
            }
            if (only != null && only != ex.context) {
                return null;
            }
            only = ex.context;
        }
        return only;
    }

    @Override
    public void onRequestLost(JsonNode requestId, String reason) {
        Exchange ex = requestId != null && requestId.canConvertToLong() ? pending.get(requestId.asLong()) : null;
        if (ex != null) {
            finish(ex, mayHaveRun(reason, CallOutcome.Peer.UNKNOWN));
        }
    }

    @Override
    public void onClosed(String reason) {
        closed = true;
        for (Exchange ex : pending.values()) {
            finish(ex, mayHaveRun(reason, CallOutcome.Peer.UNKNOWN));
        }
        inbound.closed(reason);
    }

    public void close() {
        closed = true;
        transport.close();
        for (Exchange ex : pending.values()) {
            finish(ex, mayHaveRun("connection closed by the hub", CallOutcome.Peer.UNKNOWN));
        }
    }
}
