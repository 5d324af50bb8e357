package io.mcphub.coordinator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.coordinator.registry.KnownCoordinators;
import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.jsonrpc.Json;

/**
 * {@code GET /api/cluster/coordinators}: the coordinators of the cluster, as the registered nodes report them (each
 * with the nodes that report to it), and this coordinator's own advertised URL. Any coordinator answers the same,
 * since every node reports to every coordinator.
 */
final class CoordinatorsApi {
    static final String PATH = "/api/cluster/coordinators";

    private final NodeRegistry registry;
    private final KnownCoordinators coordinators;
    private final String self;

    CoordinatorsApi(NodeRegistry registry, KnownCoordinators coordinators, String self) {
        this.registry = registry;
        this.coordinators = coordinators;
        this.self = self;
    }

    void register(ApiRoutes routes) {
        routes.get(PATH, this::list);
    }

    ApiResponse list(ApiRequest request) {
        ObjectNode data = Json.object().put("self", self);
        ArrayNode out = data.putArray("coordinators");
        for (KnownCoordinators.Coordinator c : coordinators.all(id -> registry.node(id) != null)) {
            ObjectNode o = out.addObject().put("url", c.url());
            ArrayNode nodes = o.putArray("nodes");
            c.nodes().forEach(nodes::add);
        }
        return ApiResponse.ok(data);
    }
}
