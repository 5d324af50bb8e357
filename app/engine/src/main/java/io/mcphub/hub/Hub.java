package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.config.GroupConfig;
import io.mcphub.config.HubSettings;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.metrics.EngineGauges;
import io.mcphub.metrics.HubMetrics;
import io.mcphub.metrics.MetricsConfig;
import io.mcphub.mode.SessionIds;
import io.mcphub.modern.Envelope;
import io.mcphub.modern.RequestStates;
import io.mcphub.session.ClientSession;
import io.mcphub.session.ResponseChannel;
import io.mcphub.session.SessionRegistry;
import io.mcphub.upstream.PerSessionUpstream;
import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.TransportFactory;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamEvents;
import io.mcphub.upstream.UpstreamServer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's facade: the upstream servers, the client sessions, and the catalog views between them. Transports
 * (the Javalin shell) hand it parsed messages and a channel for the answers; it never sees HTTP. The routers behind
 * it get only what they use ({@link Upstreams}, the {@link SessionRegistry}), never the hub itself.
 *
 * <p><b>Threading:</b> safe for any thread; message methods never block. <b>Nullability:</b> {@link #session},
 * {@link #upstream} and {@link #resolveView} return null when nothing matches; {@link #openSession} returns null at
 * the session limit.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** How long an ended answer stream whose connection dropped waits for its client to resume it. */
    private static final Duration UNRESUMED_STREAM_RETENTION = Duration.ofMinutes(5);

    /** Replaced by {@link #useSettings} when the settings change live (groups, routing switches). */
    private volatile HubSettings settings;

    private final Scheduler scheduler;
    private final TransportFactory transports;
    private final Upstreams upstreams;
    private final List<UpstreamServer> local = new CopyOnWriteArrayList<>();
    private final List<PerSessionUpstream> perSession = new CopyOnWriteArrayList<>();
    /** Serializes the live changes of servers (one writer); reads stay lock-free. */
    private final Object reconfiguring = new Object();

    private final SessionRegistry sessions;
    private final SealedSessions sealed;
    private final HubMetrics metrics;
    private final OperatorHooks operatorHooks = new OperatorHooks();
    private final RequestRouter requests;
    /** The key of the request states this hub seals for 2026-07-28 clients' multi-round-trip calls. */
    private final RequestStates states;

    private final ClientListens listens;
    private final HeldCalls held;
    private final AtomicLong statelessIds = new AtomicLong();
    private final ServerMessageRouter serverMessages;
    private ScheduledFuture<?> sweeper;
    private final List<Consumer<Upstream>> catalogListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> clusterListeners = new CopyOnWriteArrayList<>();

    public Hub(HubSettings settings, TransportFactory transports) {
        this(settings, transports, Scheduler.system());
    }

    /** @param scheduler the timer and clock (tests pass their own clock) */
    public Hub(HubSettings settings, TransportFactory transports, Scheduler scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.transports = transports;
        String secret = settings.cluster() == null ? null : settings.cluster().secret();
        this.states = secret == null || secret.isEmpty()
                ? RequestStates.random(scheduler.clock())
                : RequestStates.fromSecret(secret, scheduler.clock());
        this.sessions = new SessionRegistry(
                settings.http().maxSessions(), settings.http().sessionIdleTimeout());
        this.upstreams = new Upstreams(settings.nameSeparator());
        this.listens = new ClientListens(upstreams, sessions);
        this.held = new HeldCalls(states);
        this.serverMessages = new ServerMessageRouter(
                upstreams, sessions, this::fireCatalogChanged, this::askTimeoutMillis, listens, held);
        for (ServerConfig config : settings.servers().values()) {
            upstreams.add(create(config));
        }
        this.metrics = new HubMetrics(MetricsConfig.read(settings.raw(), System::getenv));
        EngineGauges.install(metrics, sessions::all, upstreams::all);
        this.requests = new RequestRouter(
                upstreams, sessions, metrics, new ModernCalls(states, held), listens, this::askTimeoutMillis);
        this.sealed = new SealedSessions(
                sessions,
                this::viewByKey,
                settings.http().eventBufferSize(),
                scheduler.clock(),
                s -> closeSession(s, "initialized again"));
    }

    /** What mode plugins add to the health and session views. */
    public OperatorHooks operatorHooks() {
        return operatorHooks;
    }

    /** The hub's metrics (off unless enabled: then its meters record nothing). */
    public HubMetrics metrics() {
        return metrics;
    }

    private Upstream create(ServerConfig config) {
        if (config.perSession()) {
            PerSessionUpstream server = new PerSessionUpstream(config, transports, serverMessages);
            perSession.add(server);
            return server;
        }
        UpstreamServer server = new UpstreamServer(config, transports, serverMessages);
        local.add(server);
        return server;
    }

    /** How long a server's request to a client may wait for the client's answer: the server's own timeout. */
    private long askTimeoutMillis(String server) {
        ServerConfig config = settings.servers().get(server);
        return config == null ? 60_000 : config.timeout().toMillis();
    }

    public void start() {
        local.forEach(UpstreamServer::start);
        perSession.forEach(PerSessionUpstream::start);
        long every = Math.max(
                1000, Math.min(60_000, settings.http().sessionIdleTimeout().toMillis() / 4));
        sweeper = scheduler.every(
                () -> {
                    sessions.sweep(s -> closeSession(s, "idle for " + s.idle().toSeconds() + " s"));
                    sessions.all().forEach(s -> s.pruneStreams(UNRESUMED_STREAM_RETENTION));
                    perSession.forEach(p -> p.closeIdle(settings.http().sessionIdleTimeout()));
                },
                Duration.ofMillis(every));
    }

    public void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        listens.endAll();
        for (ClientSession s : List.copyOf(sessions.all())) {
            sessions.remove(s.id());
            closeSession(s, "hub stopping");
        }
        upstreams.all().parallelStream().forEach(Upstream::stop);
    }

    public HubSettings settings() {
        return settings;
    }

    public List<Upstream> upstreams() {
        return upstreams.all();
    }

    /** The engine's timer and clock. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Adds a server that is not in the settings (a coordinator's replica sets). A name the hub already has is
     * refused: local servers keep their names.
     */
    public boolean addUpstream(Upstream upstream) {
        if (!upstreams.add(upstream)) {
            return false;
        }
        serverMessages.catalogChanged(upstream);
        return true;
    }

    /** Removes a server added with {@link #addUpstream}; sessions that saw it hear its lists changed. */
    public void removeUpstream(Upstream upstream) {
        if (upstreams.remove(upstream)) {
            serverMessages.removed(upstream);
        }
    }

    /**
     * Starts a server of the settings at run time (the management API, a reload of the file). A name the hub already
     * has is refused.
     */
    public boolean addServer(ServerConfig config) {
        synchronized (reconfiguring) {
            if (upstreams.has(config.name())) {
                return false;
            }
            Upstream server = create(config);
            upstreams.add(server);
            serverMessages.catalogChanged(server);
            startOne(server);
            return true;
        }
    }

    /**
     * Stops and removes a server of the settings (its process tree is stopped); sessions that saw it hear its lists
     * changed, the others see nothing. False when no server of the settings has that name.
     */
    public boolean removeServer(String name) {
        Upstream server;
        synchronized (reconfiguring) {
            server = localServer(name);
            if (server == null) {
                return false;
            }
            local.remove(server);
            perSession.remove(server);
            if (upstreams.remove(server)) {
                serverMessages.removed(server);
            }
        }
        server.stop();
        return true;
    }

    /**
     * Applies a server's changed tool, prompt and resource overrides without restarting it: the server is listed again
     * and its sessions hear what changed. False when the server cannot take them in place (then replace it).
     */
    public boolean updateOverrides(ServerConfig config) {
        return localServer(config.name()) instanceof UpstreamServer u && u.reconfigureOverrides(config);
    }

    /** The settings the hub now serves (groups, routing switches); servers change through the methods above. */
    public void useSettings(HubSettings next) {
        HubSettings before = settings;
        this.settings = next;
        upstreams.catalogsChanged();
        if (!before.groups().equals(next.groups())) {
            regroup(next);
        }
    }

    /** Sessions opened on a group see its new members; a session whose group was deleted keeps what it had. */
    private void regroup(HubSettings next) {
        for (ClientSession s : sessions.all()) {
            EndpointView now = s.view();
            for (GroupConfig g : next.groups()) {
                EndpointView edited = EndpointView.group(g);
                if (edited.key().equals(now.key()) && !edited.equals(now)) {
                    s.view(edited);
                    serverMessages.viewChanged(s);
                }
            }
        }
    }

    private Upstream localServer(String name) {
        Upstream u = upstreams.get(name);
        return u != null && (local.contains(u) || perSession.contains(u)) ? u : null;
    }

    private static void startOne(Upstream server) {
        if (server instanceof UpstreamServer u) {
            u.start();
        } else if (server instanceof PerSessionUpstream p) {
            p.start();
        }
    }

    /** The events sink for upstreams a mode plugin creates, so their messages reach the right sessions. */
    public UpstreamEvents events() {
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

    /** The view whose key is {@code key} ({@link EndpointView#key()}), as it is now; null when it is gone. */
    private EndpointView viewByKey(String key) {
        EndpointView v = resolveView("*".equals(key) ? null : key.substring(key.indexOf(':') + 1));
        return v != null && v.key().equals(key) ? v : null;
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
            if (g.id().equals(name)) {
                return EndpointView.group(g);
            }
        }
        if (settings.routing().enableGroupNameRoute()) {
            for (GroupConfig g : settings.groups()) {
                if (g.name().equals(name)) {
                    return EndpointView.group(g);
                }
            }
        }
        if (upstreams.has(name)) {
            return EndpointView.server(name);
        }
        return null;
    }

    /**
     * Hears every change of a server's catalog or connection (a node tells its coordinator at once). Called on
     * upstream threads: must not block.
     */
    public void addCatalogListener(Consumer<Upstream> listener) {
        catalogListeners.add(listener);
    }

    private void fireCatalogChanged(Upstream server) {
        for (var l : catalogListeners) {
            try {
                l.accept(server);
            } catch (RuntimeException e) {
                log.warn("catalog listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Hears that the cluster changed (a node joined, left, or changed health), as the mode plugin reports it through
     * {@link #clusterChanged()}. Called on the plugin's threads: must not block.
     */
    public void addClusterListener(Runnable listener) {
        clusterListeners.add(listener);
    }

    /** The mode plugin's report that the cluster changed: tells the cluster listeners (the dashboard's events). */
    public void clusterChanged() {
        for (Runnable l : clusterListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("cluster listener failed: {}", e.toString());
            }
        }
    }

    public ClientSession openSession(EndpointView view, ClientSession.Transport transport, String protocolVersion) {
        ClientSession s = new ClientSession(
                SessionRegistry.newId(),
                transport,
                view,
                settings.http().eventBufferSize(),
                protocolVersion,
                scheduler.clock());
        return sessions.add(s);
    }

    /**
     * The session of one stateless 2026-07-28 request: in no registry, with the request's envelope as its
     * capabilities, info and log level; {@link #endStateless} releases it. {@code correlationKey} (may be null) ties
     * the client's requests to per-session state on servers.
     */
    public ClientSession openStateless(EndpointView view, Envelope envelope, String correlationKey) {
        ClientSession s = new ClientSession(
                "stateless-" + statelessIds.incrementAndGet(),
                ClientSession.Transport.STREAMABLE_HTTP,
                view,
                settings.http().eventBufferSize(),
                envelope.version(),
                scheduler.clock());
        s.initialized(
                envelope.version(),
                envelope.capabilities(),
                envelope.clientInfo() == null ? Json.object() : envelope.clientInfo());
        s.logLevel(envelope.logLevel());
        s.correlate(correlationKey);
        return s;
    }

    /** The channel of a 2026-07-28 request answered on {@code post}. */
    public ModernExchange modernExchange(ResponseChannel post, ObjectNode request) {
        return new ModernExchange(post, request);
    }

    /**
     * A stateless request is over: its client closed the stream ({@code cancelled}: what is in flight is cancelled,
     * its listen ends) or it was answered. A call the hub holds open for the client's retry is left to finish.
     */
    public void endStateless(ClientSession session, ModernExchange exchange, boolean cancelled) {
        if (!cancelled && exchange.held() != null) {
            return;
        }
        if ("subscriptions/listen".equals(exchange.method())) {
            listens.closed(session);
        }
        // nothing else is kept under a stateless session's id (servers key stateless clients on their correlation
        // key, a coordinator neither places nor opens node sessions for them), so no server needs telling
        session.close(cancelled ? "the client closed the stream" : "answered");
    }

    public ClientSession session(String id) {
        ClientSession s = sessions.get(id);
        return s != null ? s : sealed.revive(id);
    }

    /** A mode plugin's session ids (see {@link SessionIds}). */
    public void sessionIds(SessionIds ids) {
        sealed.install(ids);
    }

    /** Ends a session at the client's request (DELETE, or its SSE stream closing). */
    public boolean endSession(String id, String reason) {
        ClientSession s = sessions.remove(id);
        if (s == null) {
            return false;
        }
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
        ObjectNode result = requests.initialize(session, params);
        sealed.initialized(session, params);
        return result;
    }
}
