package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ClientSession;
import io.mcphub.session.RequestContext;
import io.mcphub.session.SessionRegistry;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code subscriptions/listen} streams of 2026-07-28 clients: acknowledged first with the subset the hub honours,
 * then fed with the list changes of the view's servers (however each learnt of them: a 2025 server's
 * {@code list_changed}, a modern server's own listen) and with the updates of the resources asked for, which the
 * hub subscribes to at the server that owns each URI. Everything sent carries the client's subscription id.
 *
 * <p><b>Threading:</b> safe for any thread; the feeds are called on upstream reader threads and never block.
 */
final class ClientListens {
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private final Upstreams upstreams;
    private final SessionRegistry sessions;
    private final Set<Listen> open = ConcurrentHashMap.newKeySet();

    ClientListens(Upstreams upstreams, SessionRegistry sessions) {
        this.upstreams = upstreams;
        this.sessions = sessions;
    }

    /** One client's listen: what it asked for, where it goes, and the server-side subscriptions made for it. */
    private record Listen(
            ClientSession session,
            ModernExchange channel,
            JsonNode subscriptionId,
            Set<String> lists,
            Set<String> resourceKeys,
            List<PendingCall> upstreamListens) {}

    /** Opens a listen, or refuses it (an unknown resource) with the revision's error. */
    void open(ClientSession session, ObjectNode request, ModernExchange channel) {
        JsonNode id = request.get("id");
        JsonNode filter = JsonRpc.params(request) == null
                ? Json.object()
                : JsonRpc.params(request).path("notifications");
        EndpointView view = session.view();
        ViewCatalog catalog = upstreams.catalog(view);
        Set<String> lists = new LinkedHashSet<>();
        ObjectNode honoured = Json.object();
        for (String[] kind : new String[][] {
            {"toolsListChanged", "notifications/tools/list_changed"},
            {"promptsListChanged", "notifications/prompts/list_changed"},
            {"resourcesListChanged", "notifications/resources/list_changed"}
        }) {
            if (filter.path(kind[0]).asBoolean(false)) {
                lists.add(kind[1]);
                honoured.put(kind[0], true);
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        JsonNode uris = filter.get("resourceSubscriptions");
        if (uris != null && !uris.isArray()) {
            channel.respond(JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    "Invalid params: params.notifications.resourceSubscriptions: " + uris
                            + " (expected: an array of resource URIs)"));
            return;
        }
        List<Upstream> owners = new ArrayList<>();
        if (uris != null) {
            ArrayNode accepted = honoured.putArray("resourceSubscriptions");
            for (JsonNode u : uris) {
                Upstream owner = u.isTextual() ? catalog.resourceOwner(u.asText()) : null;
                if (owner == null) {
                    channel.respond(JsonRpc.error(
                            id,
                            JsonRpc.INVALID_PARAMS,
                            "Resource not found: " + u.asText() + " (no server of this endpoint lists it)",
                            Json.object().put("uri", u.asText())));
                    return;
                }
                keys.add(SubscriptionKey.of(owner.name(), u.asText()));
                owners.add(owner);
                accepted.add(u.asText());
            }
        }
        Listen listen = new Listen(session, channel, id, lists, keys, new ArrayList<>());
        ObjectNode ack = Json.object();
        ack.putObject("_meta").set(SUBSCRIPTION_ID, id);
        ack.set("notifications", honoured);
        channel.send(JsonRpc.notification(ACKNOWLEDGED, ack));
        open.add(listen);
        int i = 0;
        for (String key : keys) {
            subscribeUpstream(listen, owners.get(i++), SubscriptionKey.uri(key));
        }
    }

    /**
     * A modern server (or a relay to another hub, which translates) gets a listen of its own for the URI; a 2025 one
     * a {@code resources/subscribe}.
     */
    private void subscribeUpstream(Listen listen, Upstream owner, String uri) {
        RequestContext context = RequestContext.of(listen.session());
        if (owner.speaksModern() || owner.relaysListens()) {
            ObjectNode params = Json.object();
            params.putObject("notifications").putArray("resourceSubscriptions").add(uri);
            synchronized (listen.upstreamListens()) {
                listen.upstreamListens().add(owner.listen(params, context));
            }
        } else if (!heldByOthers(listen, SubscriptionKey.of(owner.name(), uri))) {
            owner.call("resources/subscribe", Json.object().put("uri", uri), context);
        }
    }

    private boolean heldByOthers(Listen self, String key) {
        for (ClientSession s : sessions.all()) {
            if (s.subscriptions().contains(key)) {
                return true;
            }
        }
        for (Listen l : open) {
            if (l != self && l.resourceKeys().contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any listen holds a subscription to {@code key}, so a session's unsubscribe must not end it upstream. */
    boolean holds(String key) {
        for (Listen l : open) {
            if (l.resourceKeys().contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** A server's list changed: every listen that sees the server and asked for that list hears it. */
    void listChanged(Upstream server, String method) {
        for (Listen l : open) {
            if (l.lists().contains(method) && l.session().view().includes(server.name())) {
                l.channel().send(stamped(JsonRpc.notification(method, null), l));
            }
        }
    }

    /** A resource changed at its server: the listens that asked for it hear it. */
    void resourceUpdated(String key, ObjectNode notification) {
        for (Listen l : open) {
            if (l.resourceKeys().contains(key)) {
                l.channel().send(stamped(notification.deepCopy(), l));
            }
        }
    }

    private static ObjectNode stamped(ObjectNode notification, Listen l) {
        ObjectNode params = notification.get("params") instanceof ObjectNode p ? p : notification.putObject("params");
        params.with("_meta").set(SUBSCRIPTION_ID, l.subscriptionId());
        return notification;
    }

    /** The client closed its listen (or its session ended): the subscriptions made for it end too. */
    void closed(ClientSession session) {
        for (Listen l : List.copyOf(open)) {
            if (l.session() == session && open.remove(l)) {
                release(l);
            }
        }
    }

    private void release(Listen l) {
        synchronized (l.upstreamListens()) {
            l.upstreamListens().forEach(c -> c.cancel("the client closed its listen"));
        }
        for (String key : l.resourceKeys()) {
            Upstream u = upstreams.get(SubscriptionKey.server(key));
            if (u != null
                    && !u.speaksModern()
                    && !u.relaysListens()
                    && !heldByOthers(l, key)
                    && u.status().connected()) {
                u.call("resources/unsubscribe", Json.object().put("uri", SubscriptionKey.uri(key)), null);
            }
        }
    }

    /** The hub stops: every listen ends gracefully, with a result that says so. */
    void endAll() {
        for (Listen l : List.copyOf(open)) {
            if (open.remove(l)) {
                ObjectNode result = Json.object();
                result.putObject("_meta").set(SUBSCRIPTION_ID, l.subscriptionId());
                l.channel().respond(JsonRpc.result(l.subscriptionId(), result));
                release(l);
            }
        }
    }

    int size() {
        return open.size();
    }
}
