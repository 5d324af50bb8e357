package io.mcphub.hub;

import io.mcphub.catalog.EndpointView;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.config.GroupConfig;
import io.mcphub.config.HubSettings;
import io.mcphub.config.ServerConfig;
import io.mcphub.session.ClientSession;
import io.mcphub.session.SessionRegistry;
import io.mcphub.upstream.PerSessionUpstream;
import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.TransportFactory;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: the upstream servers, the client sessions, and the catalog views between them. Transports (the
 * Javalin shell) hand it parsed messages and a channel for the answers; it never sees HTTP.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** How long an ended answer stream whose connection dropped waits for its client to resume it. */
    private static final java.time.Duration UNRESUMED_STREAM_RETENTION = java.time.Duration.ofMinutes(5);

    private final HubSettings settings;
    /** Every server by name: an immutable snapshot, replaced when a mode plugin adds or removes one. */
    private volatile Map<String, Upstream> upstreams;
    private final Object upstreamsLock = new Object();
    private final List<UpstreamServer> local = new ArrayList<>();
    private final List<PerSessionUpstream> perSession = new ArrayList<>();
    private final SessionRegistry sessions;
    private final Map<String, ViewCatalog> views = new ConcurrentHashMap<>();
    private final AtomicLong catalogVersion = new AtomicLong(1);
    private final RequestRouter requests;
    private final ServerMessageRouter serverMessages;
    private ScheduledFuture<?> sweeper;
    private final List<java.util.function.Consumer<Upstream>> catalogListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Hub(HubSettings settings, TransportFactory transports) {
        this.settings = settings;
        this.sessions = new SessionRegistry(settings.http().maxSessions(), settings.http().sessionIdleTimeout());
        this.serverMessages = new ServerMessageRouter(this);
        Map<String, Upstream> byName = new LinkedHashMap<>();
        for (ServerConfig config : settings.servers().values()) {
            if (config.perSession()) {
                PerSessionUpstream server = new PerSessionUpstream(config, transports, serverMessages);
                perSession.add(server);
                byName.put(config.name(), server);
            } else {
                UpstreamServer server = new UpstreamServer(config, transports, serverMessages);
                local.add(server);
                byName.put(config.name(), server);
            }
        }
        this.upstreams = Collections.unmodifiableMap(byName);
        this.requests = new RequestRouter(this);
    }

    public void start() {
        local.forEach(UpstreamServer::start);
        perSession.forEach(PerSessionUpstream::start);
        long every = Math.max(1000, Math.min(60_000, settings.http().sessionIdleTimeout().toMillis() / 4));
        sweeper = Scheduler.timer().scheduleWithFixedDelay(() -> {
            sessions.sweep(s -> closeSession(s, "idle for " + s.idle().toSeconds() + " s"));
            sessions.all().forEach(s -> s.pruneStreams(UNRESUMED_STREAM_RETENTION));
        }, every, every, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (sweeper != null) sweeper.cancel(false);
        for (ClientSession s : List.copyOf(sessions.all())) {
            sessions.remove(s.id());
            closeSession(s, "hub stopping");
        }
        upstreams.values().parallelStream().forEach(Upstream::stop);
    }

    public HubSettings settings() {
        return settings;
    }

    public List<Upstream> upstreams() {
        return List.copyOf(upstreams.values());
    }

    /**
     * Adds a server that is not in the settings (a coordinator's replica sets). A name the hub already has is
     * refused: local servers keep their names.
     */
    public boolean addUpstream(Upstream upstream) {
        synchronized (upstreamsLock) {
            if (upstreams.containsKey(upstream.name())) return false;
            Map<String, Upstream> next = new LinkedHashMap<>(upstreams);
            next.put(upstream.name(), upstream);
            upstreams = Collections.unmodifiableMap(next);
        }
        serverMessages.catalogChanged(upstream);
        return true;
    }

    /** Removes a server added with {@link #addUpstream}; sessions that saw it hear its lists changed. */
    public void removeUpstream(Upstream upstream) {
        synchronized (upstreamsLock) {
            if (upstreams.get(upstream.name()) != upstream) return;
            Map<String, Upstream> next = new LinkedHashMap<>(upstreams);
            next.remove(upstream.name());
            upstreams = Collections.unmodifiableMap(next);
        }
        serverMessages.removed(upstream);
    }

    /** The events sink for upstreams a mode plugin creates, so their messages reach the right sessions. */
    public io.mcphub.upstream.UpstreamEvents events() {
        return serverMessages;
    }

    public Upstream upstream(String name) {
        return upstreams.get(name);
    }

    /** The local servers, for status pages and tests. */
    public List<UpstreamServer> localServers() {
        return Collections.unmodifiableList(local);
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /**
     * The view an endpoint name selects: null name is the global route; then a group id, a group name (when
     * enableGroupNameRoute), a server name. Null when nothing matches or the global route is off.
     */
    public EndpointView resolveView(String name) {
        if (name == null || name.isEmpty()) {
            return settings.routing().enableGlobalRoute() ? EndpointView.global() : null;
        }
        for (GroupConfig g : settings.groups()) {
            if (g.id().equals(name)) return EndpointView.group(g);
        }
        if (settings.routing().enableGroupNameRoute()) {
            for (GroupConfig g : settings.groups()) {
                if (g.name().equals(name)) return EndpointView.group(g);
            }
        }
        if (upstreams.containsKey(name)) return EndpointView.server(name);
        return null;
    }

    ViewCatalog catalog(EndpointView view) {
        long version = catalogVersion.get();
        ViewCatalog c = views.get(view.key());
        if (c == null || c.version != version) {
            c = ViewCatalog.build(version, view, upstreams(), settings.nameSeparator());
            views.put(view.key(), c);
        }
        return c;
    }

    void catalogsChanged() {
        catalogVersion.incrementAndGet();
    }

    /**
     * Hears every change of a server's catalog or connection (a node tells its coordinator at once). Called on
     * upstream threads: must not block.
     */
    public void addCatalogListener(java.util.function.Consumer<Upstream> listener) {
        catalogListeners.add(listener);
    }

    void fireCatalogChanged(Upstream server) {
        for (var l : catalogListeners) {
            try {
                l.accept(server);
            } catch (RuntimeException e) {
                log.warn("catalog listener failed: {}", e.toString());
            }
        }
    }

    public ClientSession openSession(EndpointView view, ClientSession.Transport transport, String protocolVersion) {
        ClientSession s = new ClientSession(SessionRegistry.newId(), transport, view, settings.http().eventBufferSize(), protocolVersion);
        return sessions.add(s);
    }

    public ClientSession session(String id) {
        return sessions.get(id);
    }

    /** Ends a session at the client's request (DELETE, or its SSE stream closing). */
    public boolean endSession(String id, String reason) {
        ClientSession s = sessions.remove(id);
        if (s == null) return false;
        closeSession(s, reason);
        return true;
    }

    private void closeSession(ClientSession s, String reason) {
        log.debug("session {} closed: {}", s.id(), reason);
        s.close(reason);
        requests.unsubscribeAll(s);
        upstreams.values().forEach(u -> u.sessionClosed(s.id()));
    }

    /** A request from a client; its answer (and related messages) go to {@code channel}. */
    public void request(ClientSession session, ObjectNode request, ResponseChannel channel) {
        session.touch();
        requests.request(session, request, channel);
    }

    public void notification(ClientSession session, ObjectNode notification) {
        session.touch();
        requests.notification(session, notification);
    }

    /** A client's answer to a request the hub forwarded from a server. */
    public void response(ClientSession session, ObjectNode response) {
        session.touch();
        if (!session.answered(response)) {
            log.debug("session {} answered unknown request {}", session.id(), response.get("id"));
        }
    }

    public ObjectNode initialize(ClientSession session, ObjectNode params) {
        return requests.initialize(session, params);
    }
}
