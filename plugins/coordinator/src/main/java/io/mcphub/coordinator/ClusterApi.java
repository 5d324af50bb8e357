package io.mcphub.coordinator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.coordinator.registry.ServerReplica;
import io.mcphub.jsonrpc.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The coordinator's management API (client endpoints, behind the bearer key when it is enabled), in MCPHub's
 * shapes: {@code GET /api/cluster/status}, {@code /nodes[?active=true]}, {@code /servers/{name}/replicas},
 * {@code /sessions/{sessionId}}.
 */
public final class ClusterApi {
    public static final String COORDINATOR_ID = "coordinator";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final NodeRegistry registry;
    private final SessionPlacements placements;
    private final Supplier<? extends Collection<String>> localServers;
    private final IntSupplier clientSessions;
    private final ToIntFunction<String> sessionsOn;

    /**
     * @param placements where each client session's servers are placed (routing)
     * @param localServers the names of the servers the coordinator runs itself
     * @param clientSessions the number of the hub's client sessions
     */
    public ClusterApi(
            NodeRegistry registry,
            SessionPlacements placements,
            Supplier<? extends Collection<String>> localServers,
            IntSupplier clientSessions) {
        this(registry, placements, localServers, clientSessions, id -> 0);
    }

    /** @param sessionsOn how many client sessions the coordinator has on a node (what a drain waits for) */
    public ClusterApi(
            NodeRegistry registry,
            SessionPlacements placements,
            Supplier<? extends Collection<String>> localServers,
            IntSupplier clientSessions,
            ToIntFunction<String> sessionsOn) {
        this.sessionsOn = sessionsOn;
        this.registry = registry;
        this.placements = placements;
        this.localServers = localServers;
        this.clientSessions = clientSessions;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/cluster/status", this::status);
        routes.get("/api/cluster/nodes", this::nodes);
        routes.get("/api/cluster/servers/{name}/replicas", this::replicas);
        routes.get("/api/cluster/sessions/{sessionId}", this::session);
    }

    public ApiResponse status(ApiRequest request) {
        List<NodeRecord> nodes = registry.nodes();
        Set<String> servers = new HashSet<>(localServers.get());
        long active = 0;
        for (NodeRecord n : nodes) {
            servers.addAll(n.servers().keySet());
            if (n.health().isHealthy()) {
                active++;
            }
        }
        ObjectNode data =
                Json.object().put("enabled", true).put("mode", "coordinator").put("nodeId", COORDINATOR_ID);
        data.putObject("stats")
                .put("nodes", nodes.size())
                .put("activeNodes", active)
                .put("servers", servers.size())
                .put("sessions", clientSessions.getAsInt());
        return ApiResponse.ok(data);
    }

    public ApiResponse nodes(ApiRequest request) {
        boolean activeOnly = "true".equalsIgnoreCase(request.query("active"));
        ArrayNode out = Json.array();
        for (NodeRecord n : registry.nodes()) {
            if (activeOnly && !n.health().isHealthy()) {
                continue;
            }
            ObjectNode o = out.addObject()
                    .put("id", n.id())
                    .put("name", n.name())
                    .put("url", n.url())
                    .put("weight", n.weight())
                    .put("status", status(n))
                    .put("lastHeartbeat", iso(n.lastHeartbeat()))
                    .put("registeredAt", iso(n.registeredAt()))
                    .put("statusSince", iso(n.healthSince()))
                    .put("draining", n.draining())
                    .put("placedSessions", sessionsOn.applyAsInt(n.id()));
            ArrayNode servers = o.putArray("servers");
            for (ServerReplica s : n.servers().values()) {
                servers.addObject()
                        .put("name", s.server())
                        .put("status", s.status())
                        .put("catalogVersion", s.catalogVersion());
            }
            o.putObject("load").put("sessions", n.sessions()).put("inFlight", n.inFlight());
        }
        return ApiResponse.ok(out);
    }

    /**
     * MCPHub's shape, {@code data: [replica...]}; each replica says whether its catalog is the one most replicas that
     * could take a session (a healthy node, the server connected) report ({@code catalogMatches}).
     */
    public ApiResponse replicas(ApiRequest request) {
        String server = decode(request.pathParam("name"));
        List<NodeRecord> holders = new ArrayList<>();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (NodeRecord n : registry.nodes()) {
            ServerReplica s = n.servers().get(server);
            if (s == null) {
                continue;
            }
            holders.add(n);
            if (n.health().isHealthy() && s.connected()) {
                votes.merge(s.catalogVersion(), 1, Integer::sum);
            }
        }
        if (holders.isEmpty()) {
            return ApiResponse.error(404, "No node has server " + server);
        }
        // the catalog most eligible replicas report; on a tie, the first reported
        String agreed = votes.entrySet().stream()
                .reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
                .map(Map.Entry::getKey)
                .orElse(null);
        ArrayNode replicas = Json.array();
        for (NodeRecord n : holders) {
            ServerReplica s = n.servers().get(server);
            replicas.addObject()
                    .put("nodeId", n.id())
                    .put("nodeName", n.name())
                    .put("url", n.url())
                    .put("status", status(n))
                    .put("serverStatus", s.status())
                    .put("catalogVersion", s.catalogVersion())
                    .put("catalogMatches", agreed == null || agreed.equals(s.catalogVersion()));
        }
        return ApiResponse.ok(replicas);
    }

    public ApiResponse session(ApiRequest request) {
        String sessionId = decode(request.pathParam("sessionId"));
        List<SessionPlacements.Placement> list = placements.placements(sessionId);
        if (list == null) {
            return ApiResponse.error(404, "Unknown session " + sessionId);
        }
        ObjectNode data = Json.object().put("sessionId", sessionId);
        ArrayNode out = data.putArray("placements");
        for (SessionPlacements.Placement p : list) {
            NodeRecord n = registry.node(p.nodeId());
            out.addObject()
                    .put("server", p.server())
                    .put("nodeId", p.nodeId())
                    .put("nodeName", n == null ? null : n.name())
                    .put("lastUsed", iso(p.lastUsed()));
        }
        return ApiResponse.ok(data);
    }

    private static String status(NodeRecord n) {
        return n.health().name().toLowerCase(Locale.ROOT);
    }

    private static String iso(Instant t) {
        return t == null ? null : ISO_MILLIS.format(t);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
