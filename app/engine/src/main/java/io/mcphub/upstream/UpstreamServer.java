package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.ItemOverride;
import io.mcphub.config.ServerConfig;
import io.mcphub.config.TransportType;
import io.mcphub.config.UpstreamProtocol;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.CacheHint;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.session.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private static final Duration PROBE_TIMEOUT_STDIO = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT_HTTP = Duration.ofSeconds(10);
    /** The shortest interval between two relists of one list that a client's request starts. */
    static final Duration MIN_RELIST = Duration.ofSeconds(1);

    private static final Duration RELISTEN_DELAY = Duration.ofSeconds(1);

    /** Replaced only by {@link #reconfigureOverrides}: everything but the overrides stays as it was. */
    private volatile ServerConfig config;

    private final TransportFactory transports;
    private final UpstreamEvents events;
    private final CallOptions callOptions;
    private final boolean offerRoots;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final Backoff backoff = new Backoff();
    private final Object lifecycle = new Object();
    /** Completed when the connection attempt under way ends (connected or failed); replaced by each attempt. */
    private volatile CompletableFuture<Void> attempt = new CompletableFuture<>();

    private volatile UpstreamClient client;
    private volatile ServerCatalog catalog = ServerCatalog.EMPTY;
    private volatile UpstreamStatus status;
    private volatile boolean stopped;
    private int restarts;
    /** The era probe broke a connection once: later connections go straight to initialize. */
    private volatile boolean skipProbe;
    /** A 2026-07-28 server missed the probe's short wait once: later probes wait the server's whole timeout. */
    private volatile boolean slowProbe;

    /** The cache hint of each list's last answer from a 2026-07-28 connection. */
    private final Map<String, CacheHint> listHints = new ConcurrentHashMap<>();
    /** When each list was last fetched from a 2026-07-28 connection (System.nanoTime), and relists under way. */
    private final Map<String, Long> listedAt = new ConcurrentHashMap<>();

    private final Set<String> relisting = ConcurrentHashMap.newKeySet();

    private final InputRelay inputs;
    private ScheduledFuture<?> restart;
    private ScheduledFuture<?> keepAlive;
    /** {@code startOnDemand}: the process is stopped while idle; its catalog is kept and served. */
    private final OnDemand onDemand;

    public UpstreamServer(ServerConfig config, TransportFactory transports, UpstreamEvents events) {
        this(config, transports, events, false);
    }

    /**
     * @param offerRoots whether to offer the roots capability: only a connection that serves one client session can
     *     answer roots/list truthfully
     */
    public UpstreamServer(ServerConfig config, TransportFactory transports, UpstreamEvents events, boolean offerRoots) {
        this.offerRoots = offerRoots;
        this.inputs = new InputRelay(this, events);
        this.config = config;
        this.transports = transports;
        this.events = events;
        this.callOptions = new CallOptions(config.timeout(), config.resetTimeoutOnProgress(), config.maxTotalTimeout());
        // MCPHub's startOnDemand concerns stdio processes only; a per-session connection is on demand already
        this.onDemand = config.startOnDemand() && config.type() == TransportType.STDIO && !offerRoots
                ? new OnDemand(config.idleTimeout())
                : null;
        this.status = config.enabled()
                ? new UpstreamStatus(
                        config.startError() == null
                                ? UpstreamStatus.State.CONNECTING
                                : UpstreamStatus.State.DISCONNECTED,
                        config.startError(),
                        Instant.now(),
                        0)
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
            if (config.startError() != null) {
                log.error("Server {} cannot start: {}", name(), config.startError());
            }
            return;
        }
        Threads.blocking().execute(this::connect);
    }

    private void connect() {
        UpstreamClient c;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            if (attempt.isDone()) {
                attempt = new CompletableFuture<>();
            }
            setStatus(UpstreamStatus.State.CONNECTING, status.lastError());
            UpstreamTransport transport = transports.create(config);
            c = new UpstreamClient(name(), transport, new Inbound());
            client = c;
        }
        try {
            c.transport().start(c);
            ServerCatalog fresh = list(c, describe(c));
            synchronized (lifecycle) {
                if (client != c || stopped) {
                    return;
                }
                catalog = fresh;
                backoff.reset();
                setStatus(UpstreamStatus.State.CONNECTED, null);
                keepAlive = scheduleKeepAlive(c);
                if (onDemand != null) {
                    onDemand.connected(c);
                }
            }
            attempt.complete(null);
            firstConnect.complete(null);
            if (c.isModern()) {
                listen(c);
            }
            log.info(
                    "Server {} connected ({}, {}): {} tools, {} prompts, {} resources",
                    name(),
                    c.transport().describe(),
                    fresh.protocolVersion(),
                    fresh.tools().size(),
                    fresh.prompts().size(),
                    fresh.resources().size());
            events.catalogChanged(this);
        } catch (VersionMismatch e) {
            failed(c, e.getMessage(), false);
        } catch (Exception e) {
            failed(c, message(e));
        }
    }

    /** The server speaks no version the hub would speak to it: a configuration mismatch, not a crash. */
    private static final class VersionMismatch extends Exception {
        VersionMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Learns the connection's era and describes the server: from {@code server/discover} on a 2026-07-28 server,
     * from {@code initialize} on a 2025 one (config {@code protocol}: auto probes first, a pinned era does not
     * fall back).
     */
    private ServerCatalog describe(UpstreamClient c) throws Exception {
        UpstreamProtocol pinned = config.protocol() == null ? UpstreamProtocol.AUTO : config.protocol();
        if (pinned != UpstreamProtocol.LEGACY && !(pinned == UpstreamProtocol.AUTO && skipProbe)) {
            EraProbe.Verdict verdict = EraProbe.probe(c, probeTimeout());
            if (verdict instanceof EraProbe.Verdict.Modern modern) {
                ObjectNode d = modern.discover();
                JsonNode info = d.path("_meta").path(ModernWire.SERVER_INFO);
                return new ServerCatalog(
                        d.with("capabilities"),
                        info instanceof ObjectNode o ? o : Json.object().put("name", name()),
                        Json.text(d, "instructions"),
                        ModernWire.VERSION,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of());
            }
            EraProbe.Verdict.Legacy legacy = (EraProbe.Verdict.Legacy) verdict;
            if (pinned == UpstreamProtocol.MODERN) {
                throw new VersionMismatch(
                        "server does not speak " + ModernWire.VERSION + " (protocol is pinned to it): " + legacy.why());
            }
            if (legacy.broke()) {
                // the connection is gone: a stdio server that died of a request before initialize is not probed
                // again (an HTTP server that could not be reached is)
                skipProbe = config.type() == TransportType.STDIO;
                throw new IllegalStateException(legacy.why());
            }
        }
        // initialize without a probe only by choice (pinned 2025) or because a probe broke the server once
        boolean probed = pinned == UpstreamProtocol.LEGACY || !skipProbe;
        ObjectNode init;
        try {
            init = handshake(c);
        } catch (HandshakeException e) {
            String supported = EraProbe.supportedBy(e.outcome());
            if (supported != null && !probed) {
                skipProbe = false; // it died of something else: the next start probes again
                throw e;
            }
            if (supported != null
                    && supported.contains(ModernWire.VERSION)
                    && pinned != UpstreamProtocol.LEGACY
                    && !slowProbe) {
                // it speaks 2026-07-28, so its server/discover answer only came too late (a loaded machine, a slow
                // start): the next attempt probes again, waiting as long as a request may
                slowProbe = true;
                throw new IllegalStateException("server speaks only " + supported
                        + " and did not answer server/discover within "
                        + probeTimeout().toMillis()
                        + " ms; probing again with the server's timeout");
            }
            if (supported != null) {
                throw new VersionMismatch("server speaks only " + supported + ", the hub asked for "
                        + ProtocolVersions.LATEST + " (" + CallOutcome.message(e.outcome()) + ")");
            }
            throw e;
        }
        return new ServerCatalog(
                init.with("capabilities"),
                init.with("serverInfo"),
                Json.text(init, "instructions"),
                Json.text(init, "protocolVersion"),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    private Duration probeTimeout() {
        if (slowProbe) {
            return config.timeout();
        }
        // a 2025 stdio server may ignore a request before initialize: the probe must not hold the start long
        Duration cap = config.type() == TransportType.STDIO ? PROBE_TIMEOUT_STDIO : PROBE_TIMEOUT_HTTP;
        return config.timeout().compareTo(cap) < 0 ? config.timeout() : cap;
    }

    /**
     * A 2026-07-28 server has no standalone stream: its list changes come on a {@code subscriptions/listen} the
     * hub holds open for the connection's life, and refresh the catalog as a 2025 list_changed does.
     */
    private void listen(UpstreamClient c) {
        ObjectNode params = Json.object();
        params.putObject("notifications")
                .put("toolsListChanged", true)
                .put("promptsListChanged", true)
                .put("resourcesListChanged", true);
        c.request("subscriptions/listen", params, null, CallOptions.LISTEN)
                .outcome()
                .thenAccept(outcome -> {
                    if (client != c || stopped) {
                        return;
                    }
                    if (outcome instanceof CallOutcome.Answered a
                            && a.response().path("error").path("code").asInt() == JsonRpc.METHOD_NOT_FOUND) {
                        // no listen on this server: its lists are fetched again when their ttl runs out instead
                        log.info("Server {} has no subscriptions/listen: its lists are refreshed by their ttl", name());
                        return;
                    }
                    // the stream ended while the connection lives on: listen again, and relist what may have
                    // changed meanwhile
                    log.debug("Server {}: listen ended ({}), listening again", name(), outcome.kind());
                    Scheduler.system()
                            .schedule(
                                    () -> {
                                        if (client == c && !stopped) {
                                            listen(c);
                                            refresh("notifications/tools/list_changed");
                                            refresh("notifications/prompts/list_changed");
                                        }
                                    },
                                    RELISTEN_DELAY);
                });
    }

    /**
     * MCPHub's keep-alive: a {@code ping} every {@code keepAliveInterval} (SSE servers by default, any server with
     * {@code enableKeepAlive}), so that a connection that died quietly is noticed and restarted before a client's
     * call finds it, and idle intermediaries do not drop the stream.
     */
    private ScheduledFuture<?> scheduleKeepAlive(UpstreamClient c) {
        Duration every = config.keepAlive();
        if (every == null) {
            return null;
        }
        return Scheduler.system()
                .every(
                        () -> c.request("ping", Json.object(), null, callOptions)
                                .outcome()
                                .thenAccept(outcome -> {
                                    String lost = switch (outcome.kind()) {
                                        case REFUSED -> ((CallOutcome.Refused) outcome).message();
                                        case MAY_HAVE_RUN -> ((CallOutcome.MayHaveRun) outcome).message();
                                        case TIMED_OUT ->
                                            "no answer within " + ((CallOutcome.TimedOut) outcome).timeoutMs() + " ms";
                                        case ANSWERED, CANCELLED, REJECTED -> null;
                                    };
                                    if (lost != null) {
                                        failed(c, "keep-alive ping failed: " + lost);
                                    }
                                }),
                        every);
    }

    private ObjectNode handshake(UpstreamClient c) throws Exception {
        // roots are per client: a connection shared by many sessions does not offer them
        ObjectNode caps = Json.object();
        caps.putObject("sampling");
        caps.putObject("elicitation");
        if (offerRoots) {
            caps.putObject("roots").put("listChanged", true);
        }
        Duration timeout =
                config.timeout().compareTo(MIN_HANDSHAKE_TIMEOUT) > 0 ? config.timeout() : MIN_HANDSHAKE_TIMEOUT;
        return Handshake.initialize(c, ProtocolVersions.LATEST, caps, timeout);
    }

    private ServerCatalog list(UpstreamClient c, ServerCatalog base) throws Exception {
        ServerCatalog cat = base;
        if (base.has("tools")) {
            cat = cat.withTools(listTools(c));
        }
        if (base.has("prompts")) {
            cat = cat.withPrompts(listPrompts(c));
        }
        if (base.has("resources")) {
            cat = cat.withResources(
                    applyOverrides(listAll(c, "resources/list", "resources"), config.resources()),
                    listAll(c, "resources/templates/list", "resourceTemplates"));
        }
        return cat;
    }

    private List<ObjectNode> listTools(UpstreamClient c) throws Exception {
        return applyOverrides(listAll(c, "tools/list", "tools"), config.tools());
    }

    private List<ObjectNode> listPrompts(UpstreamClient c) throws Exception {
        return applyOverrides(listAll(c, "prompts/list", "prompts"), config.prompts());
    }

    private static List<ObjectNode> applyOverrides(List<ObjectNode> items, Map<String, ItemOverride> overrides) {
        if (overrides.isEmpty()) {
            return items;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode item : items) {
            ItemOverride o = overrides.get(Json.text(item, "name"));
            if (o == null && item.has("uri")) {
                o = overrides.get(Json.text(item, "uri"));
            } // resources: by URI too
            if (o == null) {
                out.add(item);
            } else if (o.enabled()) {
                ObjectNode copy = item.deepCopy();
                if (o.description() != null) {
                    copy.put("description", o.description());
                }
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
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            ObjectNode response = Handshake.await(c.request(method, params, null, callOptions), config.timeout());
            if (JsonRpc.isError(response)) {
                if (response.path("error").path("code").asInt() == JsonRpc.METHOD_NOT_FOUND) {
                    return items;
                }
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            JsonNode result = response.path("result");
            if (c.isModern()) {
                listHints.put(method, CacheHint.of(result));
                listedAt.put(method, System.nanoTime());
            }
            result.path(field).forEach(item -> {
                if (item instanceof ObjectNode o) {
                    items.add(o);
                }
            });
            cursor = Json.text(result, "nextCursor");
            if (cursor == null || cursor.isEmpty()) {
                return items;
            }
        }
        log.warn("Server {} returned more than {} pages for {}; the rest is ignored", name(), MAX_PAGES, method);
        return items;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void failed(UpstreamClient c, String error) {
        failed(c, error, true);
    }

    /** @param retry false for a mismatch that a restart cannot mend (reported, not retried in a loop) */
    private void failed(UpstreamClient c, String error, boolean retry) {
        if (!retry) {
            firstConnect.completeExceptionally(new IllegalStateException(error));
        }
        if (!firstConnect.isDone() && restarts >= 2) {
            // callers waiting for a dedicated connection get its error instead of waiting through every backoff
            firstConnect.completeExceptionally(new IllegalStateException(error));
        }
        synchronized (lifecycle) {
            if (client != c || stopped) {
                return;
            }
            client = null;
            catalog = ServerCatalog.EMPTY;
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            if (onDemand != null) {
                onDemand.failed(error);
            }
            restarts++;
            setStatus(UpstreamStatus.State.DISCONNECTED, error);
            if (!retry) {
                log.error("Server {} is down (not restarted: a protocol version mismatch): {}", name(), error);
                Threads.blocking().execute(c::close);
                events.catalogChanged(this);
                return;
            }
            Duration delay = backoff.next();
            // the error last: a stdio server's may end with several lines of its stderr
            log.warn("Server {} is down (restarting in {} ms): {}", name(), delay.toMillis(), error);
            restart = Scheduler.system().schedule(() -> Threads.blocking().execute(this::connect), delay);
        }
        attempt.complete(null);
        Threads.blocking().execute(c::close);
        events.catalogChanged(this);
    }

    private void setStatus(UpstreamStatus.State state, String error) {
        UpstreamStatus before = status;
        status = new UpstreamStatus(state, error, before.state() == state ? before.since() : Instant.now(), restarts);
        if (before.state() != state) {
            events.statusChanged(this);
        }
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

    /**
     * A client asked for a list: a 2026-07-28 server's list whose {@code ttlMs} has run out is fetched again in the
     * background (the client gets the hub's current one; a change reaches it as a list change). At most one relist
     * per list at a time, and not more than once per {@link #MIN_RELIST} whatever the ttl (0 means "do not cache").
     */
    @Override
    public boolean speaksModern() {
        UpstreamClient c = client;
        return c != null && c.isModern();
    }

    @Override
    public void listRequested(String listMethod) {
        UpstreamClient c = client;
        Long at = listedAt.get(listMethod);
        if (c == null || !c.isModern() || at == null) {
            return;
        }
        long age = System.nanoTime() - at;
        long ttl = Math.max(cacheHint(listMethod).ttlMs(), MIN_RELIST.toMillis());
        if (age < TimeUnit.MILLISECONDS.toNanos(ttl) || !relisting.add(listMethod)) {
            return;
        }
        String changed = switch (listMethod) {
            case "tools/list" -> "notifications/tools/list_changed";
            case "prompts/list" -> "notifications/prompts/list_changed";
            default -> "notifications/resources/list_changed";
        };
        refresh(changed, () -> relisting.remove(listMethod));
    }

    @Override
    public CacheHint cacheHint(String listMethod) {
        return listHints.getOrDefault(listMethod, CacheHint.NONE);
    }

    @Override
    public PendingCall listen(JsonNode params, RequestContext context) {
        UpstreamClient c = client;
        if (c == null || status.state() != UpstreamStatus.State.CONNECTED || !c.isModern()) {
            return call("subscriptions/listen", params, context);
        }
        // a listen lives as long as its client keeps it: not bounded by the server's call timeout
        return c.request("subscriptions/listen", params, context, CallOptions.LISTEN);
    }

    /** Sends a request as the next step of {@code call} (a per-session connection's first call waited for it). */
    void callInto(PendingCall call, String method, JsonNode params, RequestContext context) {
        if (onDemand != null && !onDemand.awake()) {
            // asleep: the process starts, and the request goes once it is connected (or gets its failure)
            onDemand.wake().whenComplete((ok, error) -> callInto(call, method, params, context));
            return;
        }
        if (onDemand != null) {
            onDemand.used();
        }
        UpstreamClient c = client;
        if (call.outcome().isDone()) {
            return; // cancelled or timed out while it waited for the connection
        }
        if (status.state() == UpstreamStatus.State.CONNECTING && !stopped) {
            waitForAttempt(call, method, params, context);
            return;
        }
        if (c == null || status.state() != UpstreamStatus.State.CONNECTED) {
            UpstreamStatus s = status;
            call.complete(new CallOutcome.Refused(
                    name(),
                    "Server " + name() + " is " + s.state().label()
                            + (s.lastError() == null ? "" : ": " + s.lastError()),
                    null,
                    s.state().label(),
                    s.lastError(),
                    CallOutcome.Peer.UNKNOWN));
            return;
        }
        InputRelay.Resend resend = (p, done) -> c.send(method, p, context, callOptions, done);
        call.attach(resend.send(params, outcome -> {
            if (c.isModern() && !(context != null && context.session().modern())) {
                // a 2025 client cannot get input_required: the hub asks it on its session and retries
                inputs.settle(call, params, context, resend, outcome, 0);
            } else {
                call.complete(outcome);
            }
        }));
    }

    /**
     * A call to a server whose connection attempt is under way (its first, or a restart) waits for that attempt, up
     * to the request's timeout, rather than failing at once: a client that connects while the hub starts gets its
     * answer. A cancel meanwhile ends it unsent.
     */
    private void waitForAttempt(PendingCall call, String method, JsonNode params, RequestContext context) {
        CompletableFuture<Void> current = attempt;
        long timeoutMs = callOptions.timeout().toMillis();
        ScheduledFuture<?> timer = Scheduler.system()
                .schedule(
                        () -> call.complete(new CallOutcome.TimedOut(name(), method, timeoutMs)),
                        callOptions.timeout());
        boolean live = call.attach(reason -> {
            timer.cancel(false);
            call.complete(new CallOutcome.Cancelled(reason));
        });
        if (!live) {
            return;
        }
        current.whenComplete((ok, error) -> {
            timer.cancel(false);
            if (!call.outcome().isDone()) {
                Threads.blocking().execute(() -> callInto(call, method, params, context));
            }
        });
    }

    @Override
    public void notify(String method, JsonNode params, RequestContext context) {
        UpstreamClient c = client;
        if (c != null && status.connected()) {
            c.notify(method, params);
        }
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
    public CompletableFuture<Void> connected() {
        return firstConnect;
    }

    @Override
    public void stop() {
        firstConnect.completeExceptionally(new IllegalStateException("stopped"));
        UpstreamClient c;
        synchronized (lifecycle) {
            stopped = true;
            if (restart != null) {
                restart.cancel(false);
            }
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            if (onDemand != null) {
                onDemand.failed("stopped");
            }
            c = client;
            client = null;
        }
        attempt.complete(null); // calls waiting for a connection get the refusal of a stopped server
        if (c != null) {
            c.close();
        }
    }

    /**
     * Takes new tool, prompt and resource overrides (the caller checked nothing else changed) and lists the server
     * again on its open connection, so its sessions hear what changed; a server not connected uses them on its next
     * connection. False for an on-demand server, whose idle catalog cannot be listed again: replace it instead.
     */
    public boolean reconfigureOverrides(ServerConfig next) {
        if (onDemand != null || !next.name().equals(config.name())) {
            return false;
        }
        config = next;
        UpstreamClient c = client;
        if (c == null) {
            return true;
        }
        Threads.blocking().execute(() -> {
            try {
                ServerCatalog after = list(c, catalog);
                synchronized (lifecycle) {
                    if (client != c) {
                        return;
                    }
                    catalog = after;
                }
                events.catalogChanged(this);
            } catch (Exception e) {
                log.warn("Server {}: listing after an override change failed: {}", name(), message(e));
            }
        });
        return true;
    }

    private void refresh(String method) {
        refresh(method, () -> {});
    }

    private void refresh(String method, Runnable then) {
        UpstreamClient c = client;
        if (c == null) {
            then.run();
            return;
        }
        Threads.blocking().execute(() -> {
            try {
                ServerCatalog before = catalog;
                ServerCatalog after = switch (method) {
                    case "notifications/tools/list_changed" -> before.withTools(listTools(c));
                    case "notifications/prompts/list_changed" -> before.withPrompts(listPrompts(c));
                    default ->
                        before.withResources(
                                applyOverrides(listAll(c, "resources/list", "resources"), config.resources()),
                                listAll(c, "resources/templates/list", "resourceTemplates"));
                };
                synchronized (lifecycle) {
                    if (client != c) {
                        return;
                    }
                    catalog = after;
                }
                events.catalogChanged(this);
            } catch (Exception e) {
                log.warn("Server {}: listing after {} failed: {}", name(), method, message(e));
            } finally {
                then.run();
            }
        });
    }

    /** Messages from the server that are not answers to our requests. */
    private final class Inbound implements UpstreamClient.Inbound {
        @Override
        public void notification(ObjectNode notification, RequestContext context) {
            String method = JsonRpc.method(notification);
            if ("notifications/subscriptions/acknowledged".equals(method)) {
                return; // the hub's own listen: nothing for clients
            }
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
            if (c != null) {
                failed(c, reason);
            }
        }
    }

    /**
     * MCPHub's {@code startOnDemand} for a stdio server: the process is started once at start to learn its catalog,
     * then stopped; a call starts it again (the call waits for the handshake), and it is stopped again after
     * {@code idleTimeoutMs} without calls. While asleep the server is reported connected: it can serve, and its
     * tools stay listed. All state is guarded by {@code lifecycle}.
     */
    private final class OnDemand {
        private final Duration idle;
        private boolean asleep;
        private CompletableFuture<Void> waking;
        private ScheduledFuture<?> idleCheck;
        private volatile long lastUsed = System.nanoTime();

        OnDemand(Duration idle) {
            this.idle = idle;
        }

        boolean awake() {
            synchronized (lifecycle) {
                return !asleep || stopped;
            }
        }

        void used() {
            lastUsed = System.nanoTime();
        }

        /** Starts the process for a call; completes when it is connected (or failed, and the call gets the error). */
        CompletableFuture<Void> wake() {
            synchronized (lifecycle) {
                if (!asleep) {
                    return CompletableFuture.completedFuture(null);
                }
                if (waking == null) {
                    waking = new CompletableFuture<>();
                    log.info("Server {} is starting on demand", name());
                    Threads.blocking().execute(UpstreamServer.this::connect);
                }
                return waking;
            }
        }

        /** Under {@code lifecycle}: a connection is up; the first one (at start) goes back to sleep at once. */
        void connected(UpstreamClient c) {
            asleep = false;
            used();
            if (waking == null) {
                sleep(c);
                return;
            }
            CompletableFuture<Void> w = waking;
            waking = null;
            Threads.blocking().execute(() -> w.complete(null));
            schedule(c, idle.toMillis());
        }

        /** Under {@code lifecycle}: the connection failed or the server stopped; a waiting call gets the error. */
        void failed(String error) {
            asleep = false;
            if (idleCheck != null) {
                idleCheck.cancel(false);
            }
            if (waking != null) {
                CompletableFuture<Void> w = waking;
                waking = null;
                Threads.blocking().execute(() -> w.completeExceptionally(new IllegalStateException(error)));
            }
        }

        private void schedule(UpstreamClient c, long delayMs) {
            idleCheck = Scheduler.system().schedule(() -> check(c), Duration.ofMillis(delayMs));
        }

        private void check(UpstreamClient c) {
            synchronized (lifecycle) {
                if (client != c || stopped) {
                    return;
                }
                long idleFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastUsed);
                if (c.inFlight() > 0 || idleFor < idle.toMillis()) {
                    schedule(c, Math.max(idle.toMillis() - idleFor, 100));
                    return;
                }
                sleep(c);
            }
        }

        /** Under {@code lifecycle}: stops the process, keeping the catalog and the connected status. */
        private void sleep(UpstreamClient c) {
            asleep = true;
            client = null; // first, so that the process's exit is not taken for a crash
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            log.info("Server {} is asleep until its next call (startOnDemand)", name());
            Threads.blocking().execute(c::close);
        }
    }
}
