package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ClientSession;
import io.mcphub.session.EventStream;
import io.mcphub.session.RequestContext;
import io.mcphub.session.SessionRegistry;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries what servers send on their own to the client sessions it belongs to: a request's progress, logs and
 * sampling/elicitation go to that request's stream; list changes and resource updates go to every session that
 * sees the server. It knows the sessions and the servers' catalogs, never the hub.
 *
 * <p><b>Threading:</b> called on upstream reader threads; never blocks. <b>Nullability:</b> a message's context is
 * null when nobody can tell which request it belongs to.
 */
final class ServerMessageRouter implements UpstreamEvents {
    private static final Logger log = LoggerFactory.getLogger(ServerMessageRouter.class);
    private static final String[][] LISTS = {
        {"tools", "notifications/tools/list_changed"},
        {"prompts", "notifications/prompts/list_changed"},
        {"resources", "notifications/resources/list_changed"}
    };

    private final Upstreams upstreams;
    private final SessionRegistry sessions;
    private final Consumer<Upstream> catalogListener;
    private final ToLongFunction<String> askTimeoutMillis;
    private final Map<String, ServerCatalog> lastSeen = new ConcurrentHashMap<>();
    /** Server-to-client requests in flight: "server\0serverRequestId" to the session and the hub's id. */
    private final Map<String, Forwarded> forwarded = new ConcurrentHashMap<>();

    private record Forwarded(ClientSession session, String hubId) {}

    private final ClientListens listens;
    private final HeldCalls held;

    /**
     * @param catalogListener hears every catalog change (a node plugin tells its coordinator); must not block
     * @param askTimeoutMillis how long a server's request to a client waits for the answer, by server name
     */
    ServerMessageRouter(
            Upstreams upstreams,
            SessionRegistry sessions,
            Consumer<Upstream> catalogListener,
            ToLongFunction<String> askTimeoutMillis,
            ClientListens listens,
            HeldCalls held) {
        this.listens = listens;
        this.held = held;
        this.upstreams = upstreams;
        this.sessions = sessions;
        this.catalogListener = catalogListener;
        this.askTimeoutMillis = askTimeoutMillis;
    }

    @Override
    public void statusChanged(Upstream server) {
        log.debug("server {} is {}", server.name(), server.status().state().label());
    }

    @Override
    public void catalogChanged(Upstream server) {
        upstreams.catalogsChanged();
        catalogListener.accept(server);
        ServerCatalog now = server.catalog();
        ServerCatalog before = lastSeen.put(server.name(), now);
        if (before == null) {
            before = ServerCatalog.EMPTY;
        }
        for (String[] list : LISTS) {
            if (!Objects.equals(items(before, list[0]), items(now, list[0]))) {
                broadcast(server, JsonRpc.notification(list[1], null));
                listens.listChanged(server, list[1]);
            }
        }
    }

    /** A server is gone from the hub: sessions that saw it hear that its lists changed. */
    void removed(Upstream server) {
        upstreams.catalogsChanged();
        // a node tells its coordinator at once that the server is gone
        catalogListener.accept(server);
        ServerCatalog before = lastSeen.remove(server.name());
        if (before == null) {
            return;
        }
        for (String[] list : LISTS) {
            if (!Objects.equals(items(before, list[0]), items(ServerCatalog.EMPTY, list[0]))) {
                broadcast(server, JsonRpc.notification(list[1], null));
                listens.listChanged(server, list[1]);
            }
        }
    }

    private static Object items(ServerCatalog c, String list) {
        return switch (list) {
            case "tools" -> c.tools();
            case "prompts" -> c.prompts();
            default -> List.of(c.resources(), c.resourceTemplates());
        };
    }

    /** A session's view got other members (its group was edited): every list it sees may have changed. */
    void viewChanged(ClientSession s) {
        if (s.clientInfo() == null) {
            return;
        }
        for (String[] list : LISTS) {
            s.standalone().append(JsonRpc.notification(list[1], null));
        }
    }

    private void broadcast(Upstream server, ObjectNode message) {
        for (ClientSession s : sessions.all()) {
            if (s.view().includes(server.name()) && s.clientInfo() != null) {
                s.standalone().append(message);
            }
        }
    }

    @Override
    public void notification(Upstream server, ObjectNode notification, RequestContext context) {
        String method = JsonRpc.method(notification);
        ObjectNode params = JsonRpc.params(notification);
        switch (method) {
            case "notifications/resources/updated" -> {
                String uri = params == null ? null : Json.text(params, "uri");
                String key = SubscriptionKey.of(server.name(), uri);
                for (ClientSession s : sessions.all()) {
                    if (s.subscriptions().contains(key)) {
                        s.standalone().append(notification);
                    }
                }
                listens.resourceUpdated(key, notification);
            }
            case "notifications/cancelled" -> {
                JsonNode rid = params == null ? null : params.get("requestId");
                Forwarded f = rid == null ? null : forwarded.remove(server.name() + '\0' + rid.asText());
                if (f != null) {
                    ObjectNode p = params.deepCopy().put("requestId", f.hubId());
                    f.session().standalone().append(JsonRpc.notification(method, p));
                    f.session().expireAsk(f.hubId());
                }
            }
            case "notifications/message" -> {
                String level = params == null ? null : Json.text(params, "level");
                ClientSession owner = context == null ? null : context.session();
                if (context != null && context.isRequest()) {
                    if (wants(owner, level)) {
                        sendRelated(context, notification);
                    }
                } else if (owner != null) {
                    if (wants(owner, level)) {
                        owner.standalone().append(notification);
                    }
                } else {
                    for (ClientSession s : sessions.all()) {
                        if (s.view().includes(server.name())
                                && s.clientInfo() != null
                                && LogLevels.passes(level, s.logLevel())) {
                            s.standalone().append(notification);
                        }
                    }
                }
            }
            default -> {
                if (context != null && context.isRequest()) {
                    sendRelated(context, notification);
                } else if (context != null) {
                    ClientSession owner = context.session();
                    owner.standalone().append(notification);
                } else {
                    broadcast(server, notification);
                }
            }
        }
    }

    /** A 2026-07-28 request gets log messages only when it named a level; a 2025 session until it set one, all. */
    private static boolean wants(ClientSession s, String level) {
        if (s.modern() && s.logLevel() == null) {
            return false;
        }
        return LogLevels.passes(level, s.logLevel());
    }

    private static void sendRelated(RequestContext context, ObjectNode message) {
        // a late message for a request already answered goes down the session's own stream
        if (!context.channel().send(message)) {
            context.session().standalone().append(message);
        }
    }

    @Override
    public CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestContext context) {
        String method = JsonRpc.method(request);
        ClientSession session = context == null ? null : context.session();
        // the request's own stream, or its session's
        EventStream stream =
                context == null ? null : context.isRequest() ? context.channel().stream() : session.standalone();
        if (session == null) {
            session = onlySessionSeeing(server);
            if (session == null) {
                return CompletableFuture.completedFuture(JsonRpc.error(
                        null,
                        JsonRpc.INTERNAL_ERROR,
                        "mcphub cannot tell which client session " + method
                                + " is for: requests from several sessions are"
                                + " in flight on the shared connection to " + server.name()
                                + "; set \"perSessionClient\": true on"
                                + " that server to give each session a connection of its own"));
            }
            stream = session.standalone();
        }
        String capability = switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
        ObjectNode caps = session.clientCapabilities();
        if (capability != null && (caps == null || !caps.has(capability))) {
            return CompletableFuture.completedFuture(
                    JsonRpc.error(null, JsonRpc.METHOD_NOT_FOUND, "the client does not support " + capability));
        }
        long timeoutMs = askTimeoutMillis.applyAsLong(server.name());
        if (session.modern()) {
            // a stateless client cannot be asked: it gets input_required, and its retry brings the answer
            if (context != null && context.channel() instanceof ModernExchange mx) {
                return held.ask(server.name(), request, mx, session, Duration.ofMillis(timeoutMs));
            }
            return CompletableFuture.completedFuture(JsonRpc.error(
                    null, JsonRpc.INTERNAL_ERROR, "the 2026-07-28 client's request has ended: nobody can answer"));
        }
        ClientSession.Ask ask = session.ask(method, JsonRpc.params(request), stream);
        ClientSession asker = session;
        String key = server.name() + '\0' + request.get("id").asText();
        forwarded.put(key, new Forwarded(session, ask.hubId()));
        return ask.answer()
                .completeOnTimeout(
                        JsonRpc.error(
                                null,
                                JsonRpc.REQUEST_TIMEOUT,
                                "the client did not answer " + method + " within " + timeoutMs + " ms"),
                        timeoutMs,
                        TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    forwarded.remove(key);
                    asker.expireAsk(ask.hubId());
                });
    }

    private ClientSession onlySessionSeeing(Upstream server) {
        ClientSession only = null;
        for (ClientSession s : sessions.all()) {
            if (!s.view().includes(server.name()) || s.clientInfo() == null) {
                continue;
            }
            if (only != null) {
                return null;
            }
            only = s;
        }
        return only;
    }
}
