package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.ItemOverride;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.session.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured server and its connection: start, MCP handshake, listing, restart with backoff after a crash, and
 * a status with the last error. One connection serves every client session, as in MCPHub.
 *
 * <p><b>Threading:</b> safe for any thread; the lifecycle runs on blocking threads, never on the caller's.
 * <b>Nullability:</b> a call's context may be null (the hub's own requests); nothing returns null.
 */
public final class UpstreamServer implements Upstream {
    private static final Logger log = LoggerFactory.getLogger(UpstreamServer.class);
    private static final Duration MIN_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PAGES = 1000;

    private final ServerConfig config;
    private final TransportFactory transports;
    private final UpstreamEvents events;
    private final CallOptions callOptions;
    private final boolean offerRoots;
    private final java.util.concurrent.CompletableFuture<Void> firstConnect = new java.util.concurrent.CompletableFuture<>();
    private final Backoff backoff = new Backoff();
    private final Object lifecycle = new Object();
    private volatile UpstreamClient client;
    private volatile ServerCatalog catalog = ServerCatalog.EMPTY;
    private volatile UpstreamStatus status;
    private volatile boolean stopped;
    private int restarts;
    private ScheduledFuture<?> restart;

    public UpstreamServer(ServerConfig config, TransportFactory transports, UpstreamEvents events) {
        this(config, transports, events, false);
    }

    /**
     * @param offerRoots whether to offer the roots capability: only a connection that serves one client session can
     *     answer roots/list truthfully
     */
    public UpstreamServer(ServerConfig config, TransportFactory transports, UpstreamEvents events, boolean offerRoots) {
        this.offerRoots = offerRoots;
        this.config = config;
        this.transports = transports;
        this.events = events;
        this.callOptions = new CallOptions(config.timeout(), config.resetTimeoutOnProgress(), config.maxTotalTimeout());
        this.status = config.enabled()
                ? new UpstreamStatus(config.startError() == null ? UpstreamStatus.State.CONNECTING : UpstreamStatus.State.DISCONNECTED,
                        config.startError(), Instant.now(), 0)
                : new UpstreamStatus(UpstreamStatus.State.DISABLED, null, Instant.now(), 0);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type() == null ? "unknown" : config.type().configName();
    }

    public ServerConfig config() {
        return config;
    }

    @Override
    public UpstreamStatus status() {
        return status;
    }

    @Override
    public ServerCatalog catalog() {
        return catalog;
    }

    /** Starts connecting in the background; the hub serves the other servers meanwhile. */
    public void start() {
        if (!config.enabled() || config.startError() != null) {
            if (config.startError() != null) log.error("Server {} cannot start: {}", name(), config.startError());
            return;
        }
        Threads.blocking().execute(this::connect);
    }

    private void connect() {
        UpstreamClient c;
        synchronized (lifecycle) {
            if (stopped) return;
            setStatus(UpstreamStatus.State.CONNECTING, status.lastError());
            UpstreamTransport transport = transports.create(config);
            c = new UpstreamClient(name(), transport, new Inbound());
            client = c;
        }
        try {
            c.transport().start(c);
            ObjectNode init = handshake(c);
            ServerCatalog fresh = list(c, new ServerCatalog(
                    init.with("capabilities"), init.with("serverInfo"), Json.text(init, "instructions"),
                    Json.text(init, "protocolVersion"), List.of(), List.of(), List.of(), List.of()));
            synchronized (lifecycle) {
                if (client != c || stopped) return;
                catalog = fresh;
                backoff.reset();
                setStatus(UpstreamStatus.State.CONNECTED, null);
            }
            firstConnect.complete(null);
            log.info("Server {} connected ({}): {} tools, {} prompts, {} resources", name(), c.transport().describe(),
                    fresh.tools().size(), fresh.prompts().size(), fresh.resources().size());
            events.catalogChanged(this);
        } catch (Exception e) {
            failed(c, message(e));
        }
    }

    private ObjectNode handshake(UpstreamClient c) throws Exception {
        // roots are per client: a connection shared by many sessions does not offer them
        ObjectNode caps = Json.object();
        caps.putObject("sampling");
        caps.putObject("elicitation");
        if (offerRoots) caps.putObject("roots").put("listChanged", true);
        Duration timeout = config.timeout().compareTo(MIN_HANDSHAKE_TIMEOUT) > 0 ? config.timeout() : MIN_HANDSHAKE_TIMEOUT;
        return Handshake.initialize(c, ProtocolVersions.LATEST, caps, timeout);
    }

    private ServerCatalog list(UpstreamClient c, ServerCatalog base) throws Exception {
        ServerCatalog cat = base;
        if (base.has("tools")) cat = cat.withTools(listTools(c));
        if (base.has("prompts")) cat = cat.withPrompts(listPrompts(c));
        if (base.has("resources")) cat = cat.withResources(listAll(c, "resources/list", "resources"),
                listAll(c, "resources/templates/list", "resourceTemplates"));
        return cat;
    }

    private List<ObjectNode> listTools(UpstreamClient c) throws Exception {
        return applyOverrides(listAll(c, "tools/list", "tools"), config.tools());
    }

    private List<ObjectNode> listPrompts(UpstreamClient c) throws Exception {
        return applyOverrides(listAll(c, "prompts/list", "prompts"), config.prompts());
    }

    private static List<ObjectNode> applyOverrides(List<ObjectNode> items, Map<String, ItemOverride> overrides) {
        if (overrides.isEmpty()) return items;
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode item : items) {
            ItemOverride o = overrides.get(Json.text(item, "name"));
            if (o == null) {
                out.add(item);
            } else if (o.enabled()) {
                ObjectNode copy = item.deepCopy();
                if (o.description() != null) copy.put("description", o.description());
                out.add(copy);
            }
        }
        return out;
    }

    private List<ObjectNode> listAll(UpstreamClient c, String method, String field) throws Exception {
        List<ObjectNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) params.put("cursor", cursor);
            ObjectNode response = Handshake.await(c.request(method, params, null, callOptions), config.timeout());
            if (JsonRpc.isError(response)) {
                if (response.path("error").path("code").asInt() == JsonRpc.METHOD_NOT_FOUND) return items;
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            JsonNode result = response.path("result");
            result.path(field).forEach(item -> {
                if (item instanceof ObjectNode o) items.add(o);
            });
            cursor = Json.text(result, "nextCursor");
            if (cursor == null || cursor.isEmpty()) return items;
        }
        log.warn("Server {} returned more than {} pages for {}; the rest is ignored", name(), MAX_PAGES, method);
        return items;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void failed(UpstreamClient c, String error) {
        if (!firstConnect.isDone() && restarts >= 2) {
            // callers waiting for a dedicated connection get its error instead of waiting through every backoff
            firstConnect.completeExceptionally(new IllegalStateException(error));
        }
        synchronized (lifecycle) {
            if (client != c || stopped) return;
            client = null;
            catalog = ServerCatalog.EMPTY;
            restarts++;
            setStatus(UpstreamStatus.State.DISCONNECTED, error);
            Duration delay = backoff.next();
            log.warn("Server {} is down: {}; restarting in {} ms", name(), error, delay.toMillis());
            restart = Scheduler.system().schedule(() -> Threads.blocking().execute(this::connect), delay);
        }
        Threads.blocking().execute(c::close);
        events.catalogChanged(this);
    }

    private void setStatus(UpstreamStatus.State state, String error) {
        UpstreamStatus before = status;
        status = new UpstreamStatus(state, error, before.state() == state ? before.since() : Instant.now(), restarts);
        if (before.state() != state) events.statusChanged(this);
    }

    /**
     * Sends a request from a client session. When the server is not connected the call is answered at once
     * with an error naming the server and its last error.
     */
    @Override
    public PendingCall call(String method, JsonNode params, RequestContext context) {
        PendingCall call = new PendingCall();
        callInto(call, method, params, context);
        return call;
    }

    /** Sends a request as the next step of {@code call} (a per-session connection's first call waited for it). */
    void callInto(PendingCall call, String method, JsonNode params, RequestContext context) {
        UpstreamClient c = client;
        if (c == null || status.state() != UpstreamStatus.State.CONNECTED) {
            UpstreamStatus s = status;
            call.complete(new CallOutcome.Refused(name(), "Server " + name() + " is " + s.state().label()
                    + (s.lastError() == null ? "" : ": " + s.lastError()), null, s.state().label(), s.lastError(),
                    CallOutcome.Peer.UNKNOWN));
            return;
        }
        call.attach(c.send(method, params, context, callOptions, call::complete));
    }

    @Override
    public void notify(String method, JsonNode params, RequestContext context) {
        UpstreamClient c = client;
        if (c != null && status.connected()) c.notify(method, params);
    }

    public int inFlight() {
        UpstreamClient c = client;
        return c == null ? 0 : c.inFlight();
    }

    /** The pid of a stdio server's process, or -1. */
    public long pid() {
        UpstreamClient c = client;
        return c != null && c.transport() instanceof StdioTransport s ? s.pid() : -1;
    }

    /** Completes when the server first gets connected; fails after repeated failures to connect. */
    public java.util.concurrent.CompletableFuture<Void> connected() {
        return firstConnect;
    }

    @Override
    public void stop() {
        firstConnect.completeExceptionally(new IllegalStateException("stopped"));
        UpstreamClient c;
        synchronized (lifecycle) {
            stopped = true;
            if (restart != null) restart.cancel(false);
            c = client;
            client = null;
        }
        if (c != null) c.close();
    }

    private void refresh(String method) {
        UpstreamClient c = client;
        if (c == null) return;
        Threads.blocking().execute(() -> {
            try {
                ServerCatalog before = catalog;
                ServerCatalog after = switch (method) {
                    case "notifications/tools/list_changed" -> before.withTools(listTools(c));
                    case "notifications/prompts/list_changed" -> before.withPrompts(listPrompts(c));
                    default -> before.withResources(listAll(c, "resources/list", "resources"),
                            listAll(c, "resources/templates/list", "resourceTemplates"));
                };
                synchronized (lifecycle) {
                    if (client != c) return;
                    catalog = after;
                }
                events.catalogChanged(this);
            } catch (Exception e) {
                log.warn("Server {}: listing after {} failed: {}", name(), method, message(e));
            }
        });
    }

    /** Messages from the server that are not answers to our requests. */
    private final class Inbound implements UpstreamClient.Inbound {
        @Override
        public void notification(ObjectNode notification, RequestContext context) {
            String method = JsonRpc.method(notification);
            if (method != null && method.endsWith("/list_changed")) {
                refresh(method);
                return;
            }
            events.notification(UpstreamServer.this, notification, context);
        }

        @Override
        public CompletableFuture<ObjectNode> request(ObjectNode request, RequestContext context) {
            return events.request(UpstreamServer.this, request, context);
        }

        @Override
        public void closed(String reason) {
            UpstreamClient c = client;
            if (c != null) failed(c, reason);
        }
    }
}
