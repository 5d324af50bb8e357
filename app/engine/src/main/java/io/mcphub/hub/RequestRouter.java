package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.metrics.HubMetrics;
import io.mcphub.modern.CacheHint;
import io.mcphub.session.ClientSession;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.session.RequestContext;
import io.mcphub.session.ResponseChannel;
import io.mcphub.session.SessionRegistry;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers client requests: lists from the view's catalog, calls routed to the server that owns the name (with the
 * hub's prefix taken off), everything else forwarded unchanged where the view has one server.
 *
 * <p><b>Threading:</b> called on request threads; never blocks. <b>Nullability:</b> a request's params may be null.
 */
final class RequestRouter {
    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    private final Upstreams upstreams;
    private final SessionRegistry sessions;
    private final HubMetrics metrics;
    private final ModernCalls modernCalls;
    private final ClientListens listens;
    private final ToLongFunction<String> timeoutMillis;
    /** The listens that stand for 2025 sessions' subscriptions at 2026-07-28 servers: "session\0server\0uri". */
    private final Map<String, PendingCall> modernSubscriptions = new ConcurrentHashMap<>();

    RequestRouter(
            Upstreams upstreams,
            SessionRegistry sessions,
            HubMetrics metrics,
            ModernCalls modernCalls,
            ClientListens listens,
            ToLongFunction<String> timeoutMillis) {
        this.metrics = metrics;
        this.upstreams = upstreams;
        this.sessions = sessions;
        this.modernCalls = modernCalls;
        this.listens = listens;
        this.timeoutMillis = timeoutMillis;
    }

    ObjectNode initialize(ClientSession session, ObjectNode params) {
        String version = ProtocolVersions.negotiate(params == null ? null : Json.text(params, "protocolVersion"));
        session.initialized(
                version,
                params != null && params.get("capabilities") instanceof ObjectNode c ? c : Json.object(),
                params != null && params.get("clientInfo") instanceof ObjectNode i ? i : Json.object());
        ObjectNode result = Json.object().put("protocolVersion", version);
        ObjectNode caps = result.putObject("capabilities");
        caps.putObject("tools").put("listChanged", true);
        caps.putObject("prompts").put("listChanged", true);
        caps.putObject("resources").put("subscribe", true).put("listChanged", true);
        caps.putObject("logging");
        caps.putObject("completions");
        EndpointView view = session.view();
        ObjectNode info =
                result.putObject("serverInfo").put("name", "mcphub-java").put("version", Version.get());
        String single = view.singleServer();
        if (single != null) {
            Upstream u = upstreams.get(single);
            info.put("title", "mcphub-java: " + single);
            String instructions = u == null ? null : u.catalog().instructions();
            if (instructions != null) {
                result.put("instructions", instructions);
            }
        }
        return result;
    }

    void request(ClientSession session, ObjectNode request, ResponseChannel channel) {
        JsonNode id = request.get("id");
        String method = JsonRpc.method(request);
        ObjectNode params = JsonRpc.params(request);
        EndpointView view = session.view();
        if (method.endsWith("/list")) {
            for (Upstream u : upstreams.catalog(view).members()) {
                u.listRequested(method);
            }
        }
        if (channel instanceof ModernExchange mx) {
            if (modernCalls.admit(mx, request, mx)) {
                return;
            }
            switch (method) {
                case "server/discover" -> {
                    channel.respond(JsonRpc.result(id, discover(view)));
                    return;
                }
                case "subscriptions/listen" -> {
                    listens.open(session, request, mx);
                    return;
                }
                case "tools/list", "prompts/list", "resources/list", "resources/templates/list" -> {
                    channel.respond(JsonRpc.result(id, modernList(method, view)));
                    return;
                }
                default -> {}
            }
        }
        switch (method) {
            case "initialize" -> channel.respond(JsonRpc.result(id, initialize(session, params)));
            case "ping" -> channel.respond(JsonRpc.result(id, Json.object()));
            case "tools/list" -> channel.respond(JsonRpc.result(id, upstreams.catalog(view).toolsResult));
            case "prompts/list" -> channel.respond(JsonRpc.result(id, upstreams.catalog(view).promptsResult));
            case "resources/list" -> channel.respond(JsonRpc.result(id, upstreams.catalog(view).resourcesResult));
            case "resources/templates/list" ->
                channel.respond(JsonRpc.result(id, upstreams.catalog(view).templatesResult));
            case "tools/call" -> callNamed(session, request, channel, "tool", upstreams.catalog(view)::tool);
            case "prompts/get" -> callNamed(session, request, channel, "prompt", upstreams.catalog(view)::prompt);
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                resource(session, request, channel);
            case "completion/complete" -> complete(session, request, channel);
            case "logging/setLevel" -> setLevel(session, request, channel);
            default -> {
                String single = view.singleServer();
                if (single != null) {
                    forward(session, request, channel, upstreams.get(single), params);
                } else {
                    channel.respond(JsonRpc.error(
                            id,
                            JsonRpc.METHOD_NOT_FOUND,
                            "Method not found: " + method
                                    + " (on an endpoint with several servers the hub forwards only the methods it "
                                    + "knows;"
                                    + " use /mcp/{server} to reach one server directly)"));
                }
            }
        }
    }

    private interface Lookup {
        Target find(String exposedName);
    }

    private void callNamed(
            ClientSession session, ObjectNode request, ResponseChannel channel, String what, Lookup lookup) {
        JsonNode id = request.get("id");
        ObjectNode params = JsonRpc.params(request);
        String name = params == null ? null : Json.text(params, "name");
        if (name == null) {
            channel.respond(JsonRpc.error(
                    id, JsonRpc.INVALID_PARAMS, "params.name is required (expected: the " + what + " name)"));
            return;
        }
        Target target = lookup.find(name);
        if (target == null) {
            target = onServerThatIsDown(session.view(), name);
        }
        if (target == null) {
            channel.respond(JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    "Unknown " + what + ": " + name,
                    Json.object().put(what, name)));
            return;
        }
        // the request was parsed for this call alone, so the server's own name can replace the exposed one in place
        if (!target.name().equals(name)) {
            params.put("name", target.name());
        }
        forward(session, request, channel, upstreams.get(target.server()), params);
    }

    /**
     * A name that no list shows because its server is down (never started, or crashed and not yet back): the target
     * on that server, so the caller hears "server X is unavailable" (-32010) rather than "unknown tool".
     */
    private Target onServerThatIsDown(EndpointView view, String name) {
        Target best = null;
        for (Upstream u : upstreams.catalog(view).members()) {
            if (u.status().connected()) {
                continue;
            }
            String local;
            if (!view.prefixed()) {
                local = name;
            } else {
                String prefix = view.member(u.name()).exposedName() + upstreams.nameSeparator();
                if (!name.startsWith(prefix) || name.length() == prefix.length()) {
                    continue;
                }
                local = name.substring(prefix.length());
            }
            if (!view.member(u.name()).exposes(local)) {
                continue;
            }
            if (best == null || u.name().length() > best.server().length()) {
                best = new Target(u.name(), local);
            }
        }
        return best;
    }

    private void resource(ClientSession session, ObjectNode request, ResponseChannel channel) {
        JsonNode id = request.get("id");
        ObjectNode params = JsonRpc.params(request);
        String uri = params == null ? null : Json.text(params, "uri");
        if (uri == null) {
            channel.respond(
                    JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "params.uri is required (expected: a resource URI)"));
            return;
        }
        Upstream owner = upstreams.catalog(session.view()).resourceOwner(uri);
        if (owner == null) {
            channel.respond(JsonRpc.error(
                    id,
                    JsonRpc.RESOURCE_NOT_FOUND,
                    "Resource not found: " + uri,
                    Json.object().put("uri", uri)));
            return;
        }
        String method = JsonRpc.method(request);
        String key = SubscriptionKey.of(owner.name(), uri);
        if (!"resources/read".equals(method) && owner.speaksModern()) {
            // 2026-07-28 has no resources/subscribe: the session's subscription is a listen of its own
            subscribeModern(session, owner, uri, key, "resources/subscribe".equals(method));
            channel.respond(JsonRpc.result(id, Json.object()));
            return;
        }
        if ("resources/subscribe".equals(method)) {
            session.subscriptions().add(key);
        } else if ("resources/unsubscribe".equals(method)) {
            session.subscriptions().remove(key);
            if (subscribedElsewhere(session, key)) {
                // the server keeps sending updates for the other sessions; this one just stops hearing them
                channel.respond(JsonRpc.result(id, Json.object()));
                return;
            }
        }
        forward(session, request, channel, owner, params);
    }

    /** A 2025 session's subscription to a resource of a 2026-07-28 server: a listen for that URI, per session. */
    private void subscribeModern(ClientSession session, Upstream owner, String uri, String key, boolean on) {
        String mine = session.id() + '\0' + key;
        if (!on) {
            session.subscriptions().remove(key);
            PendingCall listen = modernSubscriptions.remove(mine);
            if (listen != null) {
                listen.cancel("the client unsubscribed");
            }
            return;
        }
        if (session.subscriptions().add(key)) {
            ObjectNode params = Json.object();
            params.putObject("notifications").putArray("resourceSubscriptions").add(uri);
            PendingCall listen = owner.listen(params, RequestContext.of(session));
            PendingCall before = modernSubscriptions.put(mine, listen);
            if (before != null) {
                before.cancel("subscribed again");
            }
        }
    }

    private boolean subscribedElsewhere(ClientSession session, String key) {
        if (listens.holds(key)) {
            return true;
        }
        for (ClientSession other : sessions.all()) {
            if (other != session && other.subscriptions().contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** Drops a closing session's subscriptions, unsubscribing upstream where nobody else listens. */
    void unsubscribeAll(ClientSession session) {
        for (String key : List.copyOf(session.subscriptions())) {
            session.subscriptions().remove(key);
            PendingCall listen = modernSubscriptions.remove(session.id() + '\0' + key);
            if (listen != null) {
                listen.cancel("the session ended");
                continue;
            }
            if (subscribedElsewhere(session, key)) {
                continue;
            }
            Upstream u = upstreams.get(SubscriptionKey.server(key));
            if (u != null && u.status().connected()) {
                u.call(
                        "resources/unsubscribe",
                        Json.object().put("uri", SubscriptionKey.uri(key)),
                        RequestContext.of(session));
            }
        }
    }

    private void complete(ClientSession session, ObjectNode request, ResponseChannel channel) {
        JsonNode id = request.get("id");
        ObjectNode params = JsonRpc.params(request);
        JsonNode ref = params == null ? null : params.get("ref");
        String type = ref == null ? null : Json.text(ref, "type");
        ViewCatalog catalog = upstreams.catalog(session.view());
        if ("ref/prompt".equals(type) && Json.text(ref, "name") != null) {
            Target t = catalog.prompt(Json.text(ref, "name"));
            if (t == null) {
                channel.respond(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown prompt: " + Json.text(ref, "name")));
                return;
            }
            ((ObjectNode) ref).put("name", t.name());
            forward(session, request, channel, upstreams.get(t.server()), params);
        } else if ("ref/resource".equals(type) && Json.text(ref, "uri") != null) {
            Upstream owner = catalog.templateOwner(Json.text(ref, "uri"));
            if (owner == null) {
                channel.respond(
                        JsonRpc.error(id, JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + Json.text(ref, "uri")));
                return;
            }
            forward(session, request, channel, owner, params);
        } else {
            channel.respond(JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    "params.ref is required (expected: {\"type\": \"ref/prompt\", \"name\"} or {\"type\": "
                            + "\"ref/resource\", \"uri\"})"));
        }
    }

    private void setLevel(ClientSession session, ObjectNode request, ResponseChannel channel) {
        JsonNode id = request.get("id");
        ObjectNode params = JsonRpc.params(request);
        String level = params == null ? null : Json.text(params, "level");
        if (level == null || LogLevels.rank(level) < 0) {
            channel.respond(JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    "params.level: " + level + " (expected: one of " + LogLevels.NAMES + ")"));
            return;
        }
        session.logLevel(level);
        List<CompletableFuture<CallOutcome>> sent = new ArrayList<>();
        RequestContext context = RequestContext.of(session);
        for (Upstream u : upstreams.catalog(session.view()).members()) {
            if (u.status().connected() && u.catalog().has("logging")) {
                sent.add(u.call("logging/setLevel", params, context).outcome());
            }
        }
        // the servers are shared, so the hub also filters each session's log messages by its own level
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .whenComplete((ok, e) -> channel.respond(JsonRpc.result(id, Json.object())));
    }

    /**
     * {@code server/discover} for an endpoint's view: the versions the hub serves statelessly, what it can relay for
     * the view's servers, the one server's instructions on a single-server endpoint, and the most conservative cache
     * hint of its members' lists.
     */
    private ObjectNode discover(EndpointView view) {
        ObjectNode result = Json.object();
        ProtocolVersions.MODERN_ALL.forEach(result.putArray("supportedVersions")::add);
        ObjectNode caps = result.putObject("capabilities");
        caps.putObject("tools").put("listChanged", true);
        caps.putObject("prompts").put("listChanged", true);
        caps.putObject("resources").put("subscribe", true).put("listChanged", true);
        ViewCatalog catalog = upstreams.catalog(view);
        CacheHint hint = null;
        for (Upstream u : catalog.members()) {
            if (u.catalog().has("completions")) {
                caps.putObject("completions");
            }
            if (u.catalog().has("logging")) {
                caps.putObject("logging");
            }
            hint = merged(hint, u, "tools/list");
        }
        String single = view.singleServer();
        Upstream only = single == null ? null : upstreams.get(single);
        if (only != null && only.catalog().instructions() != null) {
            result.put("instructions", only.catalog().instructions());
        }
        (hint == null ? CacheHint.NONE : hint).writeTo(result);
        return result;
    }

    private static CacheHint merged(CacheHint so, Upstream u, String listMethod) {
        // the hub's own connection decides: a coordinator's replica set relays and says no (its nodes merge)
        CacheHint h = u.speaksModern() ? u.cacheHint(listMethod) : CacheHint.NONE;
        return so == null ? h : so.merge(h);
    }

    /** A list from the view's catalog with what a 2026-07-28 answer carries (the shared result is not touched). */
    private ObjectNode modernList(String method, EndpointView view) {
        ViewCatalog catalog = upstreams.catalog(view);
        ObjectNode shared = switch (method) {
            case "tools/list" -> catalog.toolsResult;
            case "prompts/list" -> catalog.promptsResult;
            case "resources/list" -> catalog.resourcesResult;
            default -> catalog.templatesResult;
        };
        ObjectNode result = Json.object();
        result.setAll(shared);
        result.remove("_meta");
        result.put("resultType", "complete");
        CacheHint hint = null;
        for (Upstream u : catalog.members()) {
            hint = merged(hint, u, method);
        }
        (hint == null ? CacheHint.NONE : hint).writeTo(result);
        return result;
    }

    /**
     * Sends a request on to a server and its answer back with the client's id: the edge where a call's outcome
     * becomes the client's JSON-RPC answer ({@link CallOutcome#render}).
     */
    private void forward(
            ClientSession session, ObjectNode request, ResponseChannel channel, Upstream server, JsonNode params) {
        JsonNode id = request.get("id");
        if (server == null) {
            channel.respond(JsonRpc.error(id, JsonRpc.SERVER_UNAVAILABLE, "Server is not configured"));
            return;
        }
        ModernExchange modern = channel instanceof ModernExchange mx ? mx : null;
        if (modern != null
                && modern.expectedServer() != null
                && !modern.expectedServer().equals(server.name())) {
            channel.respond(ModernCalls.misrouted(id, modern, server.name()));
            return;
        }
        long started = System.nanoTime();
        String method = JsonRpc.method(request);
        PendingCall call = server.call(method, params, RequestContext.of(session, id, server.name(), channel));
        ClientSession.Cancellable cancel = call::cancel;
        session.track(id, cancel);
        call.outcome().thenAccept(outcome -> {
            session.untrack(id, cancel);
            ObjectNode answer = CallOutcome.render(outcome, id);
            if (modern != null) {
                answer = modernCalls.complete(
                        modern, server.name(), answer, Duration.ofMillis(timeoutMillis.applyAsLong(server.name())));
            }
            if (metrics.enabled()) {
                metrics.operation(
                        method,
                        server.name(),
                        knownTool(method, server, params),
                        System.nanoTime() - started,
                        errorCode(answer));
            }
            channel.respond(answer);
        });
    }

    /** The tool's name for the metrics' label: only a tool the server lists, so the label's values stay bounded. */
    private static String knownTool(String method, Upstream server, JsonNode params) {
        if (!"tools/call".equals(method) || params == null) {
            return "";
        }
        String name = Json.text(params, "name");
        if (name == null) {
            return "";
        }
        for (ObjectNode t : server.catalog().tools()) {
            if (name.equals(Json.text(t, "name"))) {
                return name;
            }
        }
        return "_OTHER";
    }

    private static Integer errorCode(ObjectNode answer) {
        JsonNode code = answer.path("error").path("code");
        return code.isInt() ? code.asInt() : null;
    }

    void notification(ClientSession session, ObjectNode notification) {
        String method = JsonRpc.method(notification);
        ObjectNode params = JsonRpc.params(notification);
        switch (method) {
            case "notifications/initialized" -> {}
            case "notifications/cancelled" -> {
                if (params != null && params.has("requestId")) {
                    session.cancel(params.get("requestId"), Json.text(params, "reason"));
                }
            }
            default -> {
                EndpointView view = session.view();
                String single = view.singleServer();
                if (single != null && upstreams.get(single) != null) {
                    upstreams.get(single).notify(method, params, RequestContext.of(session));
                } else {
                    log.debug(
                            "session {}: notification {} has no server to go to on {}",
                            session.id(),
                            method,
                            view.label());
                }
            }
        }
    }
}
