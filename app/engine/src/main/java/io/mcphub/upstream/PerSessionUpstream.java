package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ClientSession;
import io.mcphub.session.RequestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server with a connection (a process, an upstream session) per client session, opened on the session's first
 * call and closed when the session ends. Everything such a connection sends belongs to its one session, so
 * sampling, elicitation and roots work however many sessions call at once. The catalog and status come from one
 * shared connection that serves no session.
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> a call without a context goes to the listing
 * connection; nothing returns null.
 */
public final class PerSessionUpstream implements Upstream {
    private final ServerConfig config;
    private final TransportFactory transports;
    private final UpstreamEvents events;
    private final UpstreamServer lister;
    private final Map<String, UpstreamServer> bySession = new ConcurrentHashMap<>();
    /** When each connection keyed by a stateless client's correlation key was last used: nothing else ends them. */
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();

    private volatile boolean stopped;

    public PerSessionUpstream(ServerConfig config, TransportFactory transports, UpstreamEvents events) {
        this.config = config;
        this.transports = transports;
        this.events = events;
        this.lister = new UpstreamServer(config, transports, new CatalogOnly(this, events));
    }

    public void start() {
        lister.start();
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return lister.type();
    }

    @Override
    public UpstreamStatus status() {
        return lister.status();
    }

    @Override
    public ServerCatalog catalog() {
        return lister.catalog();
    }

    @Override
    public PendingCall call(String method, JsonNode params, RequestContext context) {
        if (context == null) {
            return lister.call(method, params, null);
        }
        String key = context.session().correlationKey();
        UpstreamServer own = bySession.computeIfAbsent(key, id -> open(context.session()));
        if (!key.equals(context.session().id())) {
            lastUsed.put(key, System.nanoTime());
        }
        if (stopped) {
            return PendingCall.of(
                    new CallOutcome.Rejected(JsonRpc.SERVER_UNAVAILABLE, "Server " + name() + " is stopping"));
        }
        if (own.status().connected()) {
            return own.call(method, params, context);
        }
        // the session's connection is still starting: the call waits for it (a cancel meanwhile ends it unsent)
        PendingCall call = new PendingCall();
        own.connected().whenComplete((ok, error) -> {
            if (call.cancelled()) {
                return;
            }
            if (error == null) {
                own.callInto(call, method, params, context);
            } else {
                call.complete(new CallOutcome.Refused(
                        name(),
                        "Server " + name() + " could not start for this session: " + error.getMessage(),
                        null,
                        null,
                        null,
                        CallOutcome.Peer.UNKNOWN));
            }
        });
        return call;
    }

    private UpstreamServer open(ClientSession session) {
        UpstreamServer s = new UpstreamServer(config, transports, new BoundToSession(session, events, this), true);
        s.start();
        return s;
    }

    @Override
    public void notify(String method, JsonNode params, RequestContext context) {
        UpstreamServer own =
                context == null ? null : bySession.get(context.session().correlationKey());
        if (own != null) {
            own.notify(method, params, context);
        }
    }

    @Override
    public void sessionClosed(String sessionId) {
        UpstreamServer s = bySession.remove(sessionId);
        if (s != null) {
            Threads.blocking().execute(s::stop);
        }
    }

    /** Stops the connections of stateless clients' keys that nobody used for {@code idle}. */
    public void closeIdle(Duration idle) {
        long now = System.nanoTime();
        for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
            if (now - e.getValue() > idle.toNanos() && lastUsed.remove(e.getKey(), e.getValue())) {
                sessionClosed(e.getKey());
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        lister.stop();
        bySession.values().parallelStream().forEach(UpstreamServer::stop);
        bySession.clear();
    }

    /** The listing connection reports catalog and status as this upstream's; it serves no session. */
    private record CatalogOnly(Upstream owner, UpstreamEvents events) implements UpstreamEvents {
        @Override
        public void statusChanged(Upstream server) {
            events.statusChanged(owner);
        }

        @Override
        public void catalogChanged(Upstream server) {
            events.catalogChanged(owner);
        }

        @Override
        public void notification(Upstream server, ObjectNode notification, RequestContext context) {
            // nobody's session: list changes were already handled by the listing connection itself
        }

        @Override
        public CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestContext context) {
            return CompletableFuture.completedFuture(JsonRpc.error(
                    null,
                    JsonRpc.METHOD_NOT_FOUND,
                    "this connection lists the server's catalog for mcphub and serves no client"));
        }
    }

    /** A session's own connection: whatever it sends is that session's, even with no request in flight. */
    private record BoundToSession(ClientSession session, UpstreamEvents events, Upstream owner)
            implements UpstreamEvents {
        @Override
        public void statusChanged(Upstream server) {
            // the session's connection coming and going is not the server's status
        }

        @Override
        public void catalogChanged(Upstream server) {
            // the catalog is the listing connection's
        }

        @Override
        public void notification(Upstream server, ObjectNode notification, RequestContext context) {
            events.notification(owner, notification, context != null ? context : RequestContext.of(session));
        }

        @Override
        public CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestContext context) {
            return events.request(owner, request, context != null ? context : RequestContext.of(session));
        }
    }
}
