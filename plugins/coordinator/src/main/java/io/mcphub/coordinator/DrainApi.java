package io.mcphub.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.api.Secrets;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.jsonrpc.Json;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Node drain, for a rolling deploy: {@code POST /api/cluster/nodes/{id}/drain} (the node takes no new placements;
 * its sessions move to other replicas at their next request), {@code GET} of the same path (progress), and
 * {@code POST .../undrain}; all client endpoints. A node stopping cleanly asks for its own drain with
 * {@code POST /api/cluster/drain} and the cluster secret. Every answer is {@code {id, state, draining, sessions}}:
 * {@code state} is {@code drained} once a draining node has no session left, {@code draining} before, else the
 * node's health.
 */
public final class DrainApi {
    public static final String SELF_DRAIN = "/api/cluster/drain";

    private final NodeRegistry registry;
    private final ToIntFunction<String> sessionsOn;
    private final String secret;

    /**
     * @param sessionsOn how many client sessions the coordinator still has on a node
     * @param secret the cluster secret a node's own drain request must carry
     */
    public DrainApi(NodeRegistry registry, ToIntFunction<String> sessionsOn, String secret) {
        this.registry = registry;
        this.sessionsOn = sessionsOn;
        this.secret = secret;
    }

    public void register(ApiRoutes routes) {
        routes.add("POST", "/api/cluster/nodes/{id}/drain", ApiRoutes.Access.CLIENT, r -> set(r, true));
        routes.add("POST", "/api/cluster/nodes/{id}/undrain", ApiRoutes.Access.CLIENT, r -> set(r, false));
        routes.get("/api/cluster/nodes/{id}/drain", this::progress);
        routes.add("POST", SELF_DRAIN, ApiRoutes.Access.SELF_CHECKED, this::selfDrain);
    }

    private ApiResponse set(ApiRequest request, boolean on) {
        String id = request.pathParam("id");
        NodeRecord r = registry.drain(id, on);
        return r == null ? unknown(id) : ApiResponse.ok(describe(r));
    }

    private ApiResponse progress(ApiRequest request) {
        String id = request.pathParam("id");
        NodeRecord r = registry.node(id);
        return r == null ? unknown(id) : ApiResponse.ok(describe(r));
    }

    /** A node's own drain before it stops: the secret first, then {@code {"id": ...}}. */
    private ApiResponse selfDrain(ApiRequest request) {
        if (!Secrets.matches(request.header(Secrets.CLUSTER_HEADER), secret)) {
            return ApiResponse.error(401, "Unauthorized: a valid " + Secrets.CLUSTER_HEADER + " header is required");
        }
        JsonNode body = request.body();
        String id = body == null ? null : Json.text(body, "id");
        if (id == null || id.isBlank()) {
            return ApiResponse.error(400, "Invalid drain request: id: " + body + " (expected: the node's id)");
        }
        NodeRecord r = registry.drain(id, true);
        return r == null ? unknown(id) : ApiResponse.ok(describe(r));
    }

    /** The drain's state as the API shows it, also in {@code GET /api/cluster/nodes}. */
    ObjectNode describe(NodeRecord r) {
        int sessions = sessionsOn.applyAsInt(r.id());
        String state =
                !r.draining() ? r.health().name().toLowerCase(Locale.ROOT) : sessions == 0 ? "drained" : "draining";
        return Json.object()
                .put("id", r.id())
                .put("state", state)
                .put("draining", r.draining())
                .put("sessions", sessions);
    }

    private static ApiResponse unknown(String id) {
        return ApiResponse.error(404, "Unknown node " + id);
    }
}
