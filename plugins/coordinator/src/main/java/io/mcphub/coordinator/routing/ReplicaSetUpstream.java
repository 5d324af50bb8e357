package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.registry.ClusterMembership;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeContext;
import io.mcphub.session.ClientSession;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.session.RequestContext;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamClient;
import io.mcphub.upstream.UpstreamEvents;
import io.mcphub.upstream.UpstreamStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server as the coordinator serves it: the same server on several nodes. Each call is a {@link FailoverCall}:
 * placed for its client session (see {@link Placer}) and sent on that session's own upstream session to the node;
 * one that never reached its node is placed again and sent to another replica; one that may have run is answered
 * with an error naming the server and the node, and never run twice.
 *
 * <p><b>Threading:</b> safe for any thread; the replica snapshot is swapped whole. <b>Nullability:</b> a call's
 * context is never null here (a cluster server is always called for a client session).
 */
final class ReplicaSetUpstream implements Upstream {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSetUpstream.class);

    private final String name;
    private final ModeContext hub;
    private final UpstreamEvents events;
    private final ClusterMembership membership;
    private final Placer placer;
    private final AffinityTable affinity;
    private final LoadBalancer balancer;
    private final String secret;
    private final CallOptions options;
    private final RoutingMetrics metrics;
    /** client session id -> node id -> that session's upstream session on the node */
    private final Map<String, Map<String, NodeSession>> sessions = new ConcurrentHashMap<>();
    /** node id -> the stateless link to that node's replica, shared by every 2026-07-28 request */
    private final Map<String, StatelessNodeLink> stateless = new ConcurrentHashMap<>();

    private volatile ReplicaSet set;
    private volatile UpstreamStatus status;
    /** Several coordinators: finds placements made elsewhere; null when the coordinator has none (tests). */
    private volatile SessionFinder finder;

    ReplicaSetUpstream(
            String name,
            ReplicaSet set,
            ModeContext hub,
            ClusterMembership membership,
            Placer placer,
            AffinityTable affinity,
            LoadBalancer balancer,
            String secret,
            CallOptions options) {
        this.name = name;
        this.hub = hub;
        this.events = hub.events();
        this.membership = membership;
        this.placer = placer;
        this.affinity = affinity;
        this.balancer = balancer;
        this.secret = secret;
        this.options = options;
        this.metrics = new RoutingMetrics(hub.metrics().registry());
        update(set);
    }

    /** A new snapshot of the replicas; sessions on nodes that left are closed. */
    void update(ReplicaSet next) {
        this.set = next;
        this.status = next.anyHealthy()
                ? new UpstreamStatus(UpstreamStatus.State.CONNECTED, null, Instant.now(), 0)
                : new UpstreamStatus(
                        UpstreamStatus.State.DISCONNECTED, "no healthy replica on any node", Instant.now(), 0);
        sessions.values()
                .forEach(byNode -> byNode.values().removeIf(ns -> {
                    boolean gone = next.node(ns.node.id()) == null;
                    if (gone) {
                        close(ns);
                    }
                    return gone;
                }));
        stateless.values().removeIf(link -> {
            boolean gone = next.node(link.node.id()) == null;
            if (gone) {
                link.close();
            }
            return gone;
        });
    }

    /** Lets this server find the placements other coordinators made (several coordinators). */
    void finder(SessionFinder f) {
        this.finder = f;
    }

    /** The current snapshot of the replicas. */
    ReplicaSet replicas() {
        return set;
    }

    /** How many nodes report this server, healthy or not. */
    int replicaCount() {
        return set.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "cluster";
    }

    @Override
    public UpstreamStatus status() {
        return status;
    }

    @Override
    public ServerCatalog catalog() {
        return set.catalog;
    }

    @Override
    public PendingCall call(String method, JsonNode params, RequestContext context) {
        if (context == null) {
            return PendingCall.of(new CallOutcome.Rejected(
                    JsonRpc.INTERNAL_ERROR, "a cluster server is called on behalf of a client session"));
        }
        if ("logging/setLevel".equals(method)) {
            // not worth opening a session on a node: the sessions already open get the level, and the hub filters
            // every session's log messages by its own level anyway
            notifyLevel(params, context);
            return PendingCall.of(new CallOutcome.Answered(JsonRpc.result(null, Json.object())));
        }
        // placement reads the request as a RoutingRequest for this server
        RequestContext forThis = name.equals(context.server()) ? context : context.forServer(name);
        if (context.session().modern() && params instanceof ObjectNode p && p.get("requestState") != null) {
            // a retry of an input_required goes back to the node that issued it, and nowhere else
            NodeBoundState.Bound bound =
                    NodeBoundState.unbind(p.path("requestState").asText(null));
            if (bound != null) {
                if (bound.state() == null) {
                    p.remove("requestState");
                } else {
                    p.put("requestState", bound.state());
                }
                ClusterNode issuer = set.node(bound.nodeId());
                if (issuer == null || !issuer.isHealthy()) {
                    return PendingCall.of(new CallOutcome.Rejected(
                            JsonRpc.INVALID_PARAMS,
                            "Invalid params: requestState is refused: node " + bound.nodeId()
                                    + ", which holds this request's state, is gone; start the request over without"
                                    + " requestState"));
                }
                return new FailoverCall(this, method, params, forThis, bound.nodeId()).start();
            }
        }
        return new FailoverCall(this, method, params, forThis).start();
    }

    /** A 2026-07-28 client's listen goes on to a node as a listen (the node translates for a 2025 server). */
    @Override
    public boolean relaysListens() {
        return true;
    }

    @Override
    public PendingCall listen(JsonNode params, RequestContext context) {
        if (!context.session().modern()) {
            return call("subscriptions/listen", params, context);
        }
        return new ListenRelay(this, params, name.equals(context.server()) ? context : context.forServer(name)).start();
    }

    /** The stateless link to {@code node}, opened on first use. */
    StatelessNodeLink statelessLink(RequestContext context, ClusterNode node) {
        return stateless.computeIfAbsent(
                node.id(), id -> new StatelessNodeLink(hub, this, node, name, secret, options));
    }

    /** Whether a healthy replica other than {@code excluded} is there. */
    boolean anotherReplica(Set<String> excluded) {
        return set.healthy().stream().anyMatch(n -> !excluded.contains(n.id()));
    }

    /**
     * A listen moved to another replica: its client is told that each of these resources may have changed while no
     * replica listened for it, so it reads them again.
     */
    void mayHaveChanged(JsonNode uris, RequestContext context) {
        for (JsonNode uri : uris) {
            if (uri.isTextual()) {
                events.notification(
                        this,
                        JsonRpc.notification(
                                "notifications/resources/updated", Json.object().put("uri", uri.asText())),
                        RequestContext.of(context.session()));
            }
        }
    }

    /**
     * The node for the request's next attempt, or null when no healthy replica is left untried. A session that
     * leaves a draining node here (its request boundary) releases its session on that node.
     */
    ClusterNode place(RequestContext context, Set<String> tried) {
        ReplicaSet current = set;
        String sessionId = context.session().id();
        String before = affinity == null ? null : affinity.peek(sessionId, name);
        if (before == null && tried.isEmpty() && !context.session().modern()) {
            recall(current, sessionId);
        }
        ClusterNode chosen = placer.place(current, context, tried);
        if (before != null && chosen != null && !before.equals(chosen.id())) {
            ClusterNode left = current.node(before);
            if (left != null && left.draining()) {
                log.info(
                        "Session {} moves off draining node {} for {} (now on {})",
                        sessionId,
                        before,
                        name,
                        chosen.id());
                dropSession(sessionId, before);
            }
        }
        return chosen;
    }

    /** The pinned node, when it is healthy and not yet tried; else null. */
    ClusterNode pinned(String nodeId, Set<String> tried) {
        ClusterNode n = set.node(nodeId);
        return n != null && n.isHealthy() && !tried.contains(nodeId) ? n : null;
    }

    /**
     * How an attempt reaches {@code node}: a 2025 client session's own session there, or for a 2026-07-28 request
     * the one stateless link to the node, opened on first use.
     */
    NodeLink link(RequestContext context, ClusterNode node) {
        if (!context.session().modern()) {
            return session(context, node);
        }
        return statelessLink(context, node);
    }

    /**
     * Whether placing {@code context}'s request first asks the replicas whether one holds its session (a round trip
     * to them, 5 s at most when one hangs: see {@link #recall}); when so, and the thread must not block, the
     * placement goes to a thread that may.
     */
    boolean asksBeforePlacing(RequestContext context) {
        SessionFinder f = finder;
        if (f == null || affinity == null || context.session().modern()) {
            return false;
        }
        String sessionId = context.session().id();
        return affinity.peek(sessionId, name) == null && f.worthAsking(sessionId);
    }

    /** The engine's executor for work that blocks. */
    Executor blocking() {
        return hub.blocking();
    }

    /** Whether this thread must not block ({@link ModeContext#mustNotBlock}). */
    boolean mustNotBlock() {
        return hub.mustNotBlock();
    }

    /**
     * A session with no placement here for this server may have one on a node already, made through another
     * coordinator: asked once, and kept in the affinity table with the node's session to continue.
     */
    private void recall(ReplicaSet current, String sessionId) {
        SessionFinder f = finder;
        if (f == null || affinity == null || !f.worthAsking(sessionId)) {
            return;
        }
        SessionFinder.Held held = f.find(current, sessionId, name);
        if (held != null) {
            affinity.put(sessionId, name, held.nodeId());
            f.adopt(sessionId, name, held);
        }
    }

    /** Counts what became of a failed attempt. */
    void failover(RoutingMetrics.Failover what) {
        metrics.failover(name, what);
    }

    /**
     * An attempt on {@code node} starts. The balancer's {@code onStart} is the one count of it: load-aware policies
     * (least-connections, power-of-two) keep their in-flight counts from these calls, so the coordinator keeps none
     * of its own.
     */
    void started(ClusterNode node) {
        balancer.onStart(node);
    }

    /** The attempt on {@code node} ended; {@code failed} when it got no usable answer. Once per {@link #started}. */
    void ended(ClusterNode node, long elapsedNanos, boolean failed) {
        balancer.onEnd(node, elapsedNanos, failed);
    }

    /**
     * The coordinator's own link to {@code node} failed for this session: that node session is dropped, and when the
     * node refused the connection it is marked suspect at once and the session's placement forgotten.
     */
    void linkFailed(RequestContext context, ClusterNode node, boolean peerDown, String why) {
        String sessionId = context.session().id();
        dropSession(sessionId, node.id());
        if (peerDown) {
            membership.suspect(node.id(), why);
            if (affinity != null) {
                affinity.remove(sessionId, name);
            }
        }
    }

    private void notifyLevel(JsonNode params, RequestContext context) {
        Map<String, NodeSession> byNode = sessions.get(context.session().id());
        if (byNode == null) {
            return;
        }
        RequestContext sessionOnly = RequestContext.of(context.session());
        for (NodeSession ns : byNode.values()) {
            ns.send("logging/setLevel", params, sessionOnly, outcome -> {});
        }
    }

    /** The client session's own session on {@code node}, opened with its protocol version and capabilities. */
    NodeSession session(RequestContext context, ClusterNode node) {
        String sessionId = context.session().id();
        Map<String, NodeSession> byNode = sessions.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>());
        NodeSession existing = byNode.get(node.id());
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        boolean[] opened = {false};
        NodeSession ns = byNode.compute(node.id(), (id, current) -> {
            if (current != null && !current.isClosed()) {
                return current;
            }
            String version = context.protocolVersion() == null ? ProtocolVersions.LATEST : context.protocolVersion();
            ObjectNode caps = context.clientCapabilities() == null ? Json.object() : context.clientCapabilities();
            node.load().sessions.incrementAndGet();
            opened[0] = true;
            SessionFinder f = finder;
            String adopt = f == null ? null : f.takeAdoption(sessionId, id, name);
            return new NodeSession(
                    hub,
                    sessionId,
                    node,
                    name,
                    secret,
                    version,
                    caps,
                    options,
                    new Inbound(context.session(), id),
                    adopt);
        });
        String level = context.session().logLevel();
        if (opened[0] && level != null) {
            // the client set its log level before this node session existed: the node hears it first
            ns.send(
                    "logging/setLevel",
                    Json.object().put("level", level),
                    RequestContext.of(context.session()),
                    outcome -> {});
        }
        return ns;
    }

    private void dropSession(String sessionId, String nodeId) {
        Map<String, NodeSession> byNode = sessions.get(sessionId);
        NodeSession ns = byNode == null ? null : byNode.remove(nodeId);
        if (ns != null) {
            close(ns);
        }
    }

    private static void close(NodeSession ns) {
        ns.node.load().sessions.decrementAndGet();
        ns.close();
    }

    @Override
    public void notify(String method, JsonNode params, RequestContext context) {
        Map<String, NodeSession> byNode =
                context == null ? null : sessions.get(context.session().id());
        if (byNode != null) {
            byNode.values().forEach(ns -> ns.notify(method, params));
        }
    }

    @Override
    public void sessionClosed(String sessionId) {
        Map<String, NodeSession> byNode = sessions.remove(sessionId);
        if (byNode != null) {
            // with several coordinators the node's session is shared: it ends on the node's own idle timeout
            SessionFinder f = finder;
            boolean keep = f != null && f.shared();
            byNode.values().forEach(ns -> {
                ns.node.load().sessions.decrementAndGet();
                ns.close(keep);
            });
        }
        if (affinity != null) {
            affinity.remove(sessionId, name);
        }
    }

    /**
     * The coordinator stops: its node sessions are let go without a DELETE, since the client sessions continue on
     * another coordinator (or this one, restarted) with the very same node sessions; the nodes end them when idle.
     */
    @Override
    public void stop() {
        sessions.values()
                .forEach(byNode -> byNode.values().forEach(ns -> {
                    ns.node.load().sessions.decrementAndGet();
                    ns.close(true);
                }));
        sessions.clear();
        stateless.values().forEach(StatelessNodeLink::close);
        stateless.clear();
    }

    /** What a node's session sends on its own belongs to the one client session it serves. */
    private final class Inbound implements UpstreamClient.Inbound {
        private final ClientSession session;
        private final String nodeId;

        Inbound(ClientSession session, String nodeId) {
            this.session = session;
            this.nodeId = nodeId;
        }

        @Override
        public void notification(ObjectNode notification, RequestContext context) {
            String method = JsonRpc.method(notification);
            // lists come from the nodes' heartbeats; a node's own list_changed is not news for the client
            if (method != null && method.endsWith("/list_changed")) {
                return;
            }
            events.notification(ReplicaSetUpstream.this, notification, context != null ? context : own());
        }

        @Override
        public CompletableFuture<ObjectNode> request(ObjectNode request, RequestContext context) {
            return events.request(ReplicaSetUpstream.this, request, context != null ? context : own());
        }

        /** No request to tell: the message is the session's. */
        private RequestContext own() {
            return RequestContext.of(session);
        }

        @Override
        public void closed(String reason) {
            log.debug("session of {} on node {} for client session {} closed: {}", name, nodeId, session.id(), reason);
            dropSession(session.id(), nodeId);
        }
    }
}
