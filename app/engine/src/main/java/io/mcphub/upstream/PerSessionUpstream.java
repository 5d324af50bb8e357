package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server with a connection (a process, an upstream session) per client session, opened on the session's first
 * call and closed when the session ends. Everything such a connection sends belongs to its one session, so
 * sampling, elicitation and roots work however many sessions call at once. The catalog and status come from one
 * shared connection that serves no session.
 */
public final class PerSessionUpstream implements Upstream {
    private final ServerConfig config;
    private final TransportFactory transports;
    private final UpstreamEvents events;
    private final UpstreamServer lister;
    private final Map<String, UpstreamServer> bySession = new ConcurrentHashMap<>();
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
    public PendingCall call(String method, JsonNode params, RequestOrigin origin) {
        if (origin == null || origin.sessionId() == null) return lister.call(method, params, origin);
        UpstreamServer own = bySession.computeIfAbsent(origin.sessionId(), this::open);
        if (stopped) {
            return PendingCall.answered(method, JsonRpc.error(null, JsonRpc.SERVER_UNAVAILABLE, "Server " + name() + " is stopping"));
        }
        if (own.status().connected()) return own.call(method, params, origin);
        PendingCall deferred = PendingCall.deferred(method);
        own.connected().whenComplete((ok, error) -> {
            PendingCall real = error == null ? own.call(method, params, origin) : PendingCall.answered(method,
                    JsonRpc.error(null, JsonRpc.SERVER_UNAVAILABLE, "Server " + name() + " could not start for this session: "
                            + error.getMessage(), Json.object().put("server", name()).put("reached", false)));
            deferred.follow(real);
        });
        return deferred;
    }

    private UpstreamServer open(String sessionId) {
        UpstreamServer s = new UpstreamServer(config, transports, new BoundToSession(sessionId, events, this), true);
        s.start();
        return s;
    }

    @Override
    public void notify(String method, JsonNode params, RequestOrigin origin) {
        UpstreamServer own = origin == null ? null : bySession.get(origin.sessionId());
        if (own != null) own.notify(method, params, origin);
    }

    @Override
    public void sessionClosed(String sessionId) {
        UpstreamServer s = bySession.remove(sessionId);
        if (s != null) Threads.blocking().execute(s::stop);
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
        public void notification(Upstream server, ObjectNode notification, RequestOrigin origin) {
            // nobody's session: list changes were already handled by the listing connection itself
        }

        @Override
        public CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestOrigin origin) {
            return CompletableFuture.completedFuture(JsonRpc.error(null, JsonRpc.METHOD_NOT_FOUND,
                    "this connection lists the server's catalog for mcphub and serves no client"));
        }
    }

    /** A session's own connection: whatever it sends is that session's, even with no request in flight. */
    private record BoundToSession(String sessionId, UpstreamEvents events, Upstream owner) implements UpstreamEvents {
        @Override
        public void statusChanged(Upstream server) {
            // the session's connection coming and going is not the server's status
        }

        @Override
        public void catalogChanged(Upstream server) {
            // the catalog is the listing connection's
        }

        @Override
        public void notification(Upstream server, ObjectNode notification, RequestOrigin origin) {
            events.notification(owner, notification, origin != null ? origin : RequestOrigin.ofSession(sessionId));
        }

        @Override
        public CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestOrigin origin) {
            return events.request(owner, request, origin != null ? origin : RequestOrigin.ofSession(sessionId));
        }
    }
}
