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
import io.mcphub.spi.LoadBalancer;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.RequestOrigin;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamClient;
import io.mcphub.upstream.UpstreamEvents;
import io.mcphub.upstream.UpstreamStatus;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server as the coordinator serves it: the same server on several nodes. Each call is placed for its client
 * session (see {@link Placer}) and sent on that session's own upstream session to the node. A request that never
 * reached its node is placed again and sent to another replica; one that may have run is answered with an error
 * naming the server and the node, and never run twice.
 */
final class ReplicaSetUpstream implements Upstream {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSetUpstream.class);

    private final String name;
    private final ModeContext hub;
    private final ClusterMembership membership;
    private final Placer placer;
    private final AffinityTable affinity;
    private final LoadBalancer balancer;
    private final String secret;
    private final CallOptions options;
    private final UpstreamEvents events;
    /** client session id -> node id -> that session's upstream session on the node */
    private final Map<String, Map<String, NodeSession>> sessions = new ConcurrentHashMap<>();
    private volatile ReplicaSet set;
    private volatile UpstreamStatus status;

    ReplicaSetUpstream(String name, ReplicaSet set, ModeContext hub, ClusterMembership membership, Placer placer,
            AffinityTable affinity, LoadBalancer balancer, String secret, CallOptions options) {
        this.name = name;
        this.hub = hub;
        this.membership = membership;
        this.placer = placer;
        this.affinity = affinity;
        this.balancer = balancer;
        this.secret = secret;
        this.options = options;
        this.events = hub.events();
        update(set);
    }

    /** A new snapshot of the replicas; sessions on nodes that left are closed. */
    void update(ReplicaSet next) {
        this.set = next;
        this.status = next.anyHealthy()
                ? new UpstreamStatus(UpstreamStatus.State.CONNECTED, null, Instant.now(), 0)
                : new UpstreamStatus(UpstreamStatus.State.DISCONNECTED, "no healthy replica on any node", Instant.now(), 0);
        sessions.values().forEach(byNode -> byNode.values().removeIf(ns -> {
            boolean gone = next.node(ns.node.id()) == null;
            if (gone) ns.close();
            return gone;
        }));
    }

    /** How many nodes report this server, healthy or not. */
    int replicaCount() {
        return set.nodes.size();
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
    public PendingCall call(String method, JsonNode params, RequestOrigin origin) {
        if (origin == null || origin.sessionId() == null) {
            return PendingCall.answered(method, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR,
                    "a cluster server is called on behalf of a client session"));
        }
        if ("logging/setLevel".equals(method)) {
            // not worth opening a session on a node: the sessions already open get the level, and the hub filters
            // every session's log messages by its own level anyway
            notifyLevel(params, origin.sessionId());
            return PendingCall.answered(method, JsonRpc.result(null, Json.object()));
        }
        PendingCall result = PendingCall.deferred(method);
        attempt(result, method, params, origin, new LinkedHashSet<>());
        return result;
    }

    private void attempt(PendingCall result, String method, JsonNode params, RequestOrigin origin, Set<String> tried) {
        String sessionId = origin.sessionId();
        ClusterNode node = placer.place(set, sessionId, name, origin, tried);
        if (node == null) {
            result.complete(JsonRpc.error(null, JsonRpc.SERVER_UNAVAILABLE, "No healthy replica of server " + name
                    + (tried.isEmpty() ? "" : " (tried nodes " + String.join(", ", tried) + ")"),
                    Json.object().put("server", name).put("reached", false)));
            return;
        }
        NodeSession ns = session(sessionId, node);
        long start = System.nanoTime();
        node.load().inFlight.incrementAndGet();
        balancer.onStart(node);
        PendingCall attempt = ns.call(method, params, origin);
        result.relay(attempt, answer -> {
            node.load().inFlight.decrementAndGet();
            JsonNode error = answer.get("error");
            boolean unavailable = error != null && error.path("code").asInt() == JsonRpc.SERVER_UNAVAILABLE;
            balancer.onEnd(node, System.nanoTime() - start, unavailable);
            if (!unavailable) return true;
            JsonNode data = error.path("data");
            if (!attempt.answeredByPeer()) {
                // our link to the node failed (the node itself said nothing): that session is not used again, and
                // a node that refused the connection is placed on no more until it heartbeats
                dropSession(sessionId, node.id());
                if (data.path("peerDown").asBoolean(false)) {
                    membership.suspect(node.id(), error.path("message").asText());
                    affinity(sessionId);
                }
            }
            // otherwise it is the node's own answer (its replica of the server is down): the node stays healthy
            if (!data.path("reached").asBoolean(true)) {
                tried.add(node.id());
                log.info("Request for {} never reached node {}; placing it again", name, node.id());
                attempt(result, method, params, origin, tried);
                return false;
            }
            result.complete(JsonRpc.error(null, JsonRpc.SERVER_UNAVAILABLE, "Server " + name + " on node " + node.id()
                    + " failed while handling the request; it may have run, so it was not retried: "
                    + error.path("message").asText(), Json.object().put("server", name).put("node", node.id()).put("reached", true)));
            return false;
        });
    }

    private void notifyLevel(JsonNode params, String sessionId) {
        Map<String, NodeSession> byNode = sessions.get(sessionId);
        if (byNode == null) return;
        for (NodeSession ns : byNode.values()) {
            ns.call("logging/setLevel", params, RequestOrigin.ofSession(sessionId));
        }
    }

    private void affinity(String sessionId) {
        if (affinity != null) affinity.remove(sessionId, name);
    }

    private NodeSession session(String sessionId, ClusterNode node) {
        Map<String, NodeSession> byNode = sessions.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>());
        NodeSession existing = byNode.get(node.id());
        if (existing != null && !existing.isClosed()) return existing;
        return byNode.compute(node.id(), (id, current) -> {
            if (current != null && !current.isClosed()) return current;
            ClientSession client = hub.session(sessionId);
            String version = client == null ? ProtocolVersions.LATEST : client.protocolVersion();
            ObjectNode caps = client == null || client.clientCapabilities() == null ? Json.object() : client.clientCapabilities();
            node.load().sessions.incrementAndGet();
            return new NodeSession(hub, sessionId, node, name, secret, version, caps, options,
                    new Inbound(sessionId, id));
        });
    }

    private void dropSession(String sessionId, String nodeId) {
        Map<String, NodeSession> byNode = sessions.get(sessionId);
        NodeSession ns = byNode == null ? null : byNode.remove(nodeId);
        if (ns != null) close(ns);
    }

    private static void close(NodeSession ns) {
        ns.node.load().sessions.decrementAndGet();
        ns.close();
    }

    @Override
    public void notify(String method, JsonNode params, RequestOrigin origin) {
        Map<String, NodeSession> byNode = origin == null ? null : sessions.get(origin.sessionId());
        if (byNode != null) byNode.values().forEach(ns -> ns.notify(method, params));
    }

    @Override
    public void sessionClosed(String sessionId) {
        Map<String, NodeSession> byNode = sessions.remove(sessionId);
        if (byNode != null) byNode.values().forEach(ReplicaSetUpstream::close);
        if (affinity != null) affinity.remove(sessionId, name);
    }

    @Override
    public void stop() {
        sessions.values().forEach(byNode -> byNode.values().forEach(ReplicaSetUpstream::close));
        sessions.clear();
    }

    /** What a node's session sends on its own belongs to the one client session it serves. */
    private final class Inbound implements UpstreamClient.Inbound {
        private final String sessionId;
        private final String nodeId;

        Inbound(String sessionId, String nodeId) {
            this.sessionId = sessionId;
            this.nodeId = nodeId;
        }

        @Override
        public void notification(ObjectNode notification, RequestOrigin origin) {
            String method = JsonRpc.method(notification);
            // lists come from the nodes' heartbeats; a node's own list_changed is not news for the client
            if (method != null && method.endsWith("/list_changed")) return;
            events.notification(ReplicaSetUpstream.this, notification, origin != null ? origin : RequestOrigin.ofSession(sessionId));
        }

        @Override
        public CompletableFuture<ObjectNode> request(ObjectNode request, RequestOrigin origin) {
            return events.request(ReplicaSetUpstream.this, request, origin != null ? origin : RequestOrigin.ofSession(sessionId));
        }

        @Override
        public void closed(String reason) {
            log.debug("session of {} on node {} for client session {} closed: {}", name, nodeId, sessionId, reason);
            dropSession(sessionId, nodeId);
        }
    }
}
