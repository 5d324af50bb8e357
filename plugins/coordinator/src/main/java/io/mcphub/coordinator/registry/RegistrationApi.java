package io.mcphub.coordinator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import java.util.function.Function;

/**
 * The node protocol's endpoints on the coordinator ({@code docs/cluster-protocol.md}): each checks the cluster
 * secret, reads its body into a {@link Parsed} value, asks the {@link NodeRegistry}, and renders the
 * {@link RegistryAnswer} as HTTP. They check the secret themselves, so the bearer key that guards client endpoints
 * does not apply to them.
 */
public final class RegistrationApi {
    public static final String REGISTER = "/api/cluster/register";
    public static final String HEARTBEAT = "/api/cluster/heartbeat";
    public static final String DEREGISTER = "/api/cluster/deregister";
    /** The config key a node sets to take a distinct id, named in a 409. */
    public static final String NODE_ID_KEY = "systemConfig.cluster.node.id";

    private final NodeRegistry registry;
    private final String secret;
    private final KnownCoordinators coordinators;

    /** @param secret the cluster secret every call must carry; every call is refused when it is null or empty */
    public RegistrationApi(NodeRegistry registry, String secret) {
        this(registry, secret, new KnownCoordinators());
    }

    /** @param coordinators hears the coordinators each node reports to */
    public RegistrationApi(NodeRegistry registry, String secret, KnownCoordinators coordinators) {
        this.registry = registry;
        this.secret = secret;
        this.coordinators = coordinators;
    }

    public void register(ApiRoutes routes) {
        routes.add("POST", REGISTER, ApiRoutes.Access.SELF_CHECKED, this::register);
        routes.add("POST", HEARTBEAT, ApiRoutes.Access.SELF_CHECKED, this::heartbeat);
        routes.add("POST", DEREGISTER, ApiRoutes.Access.SELF_CHECKED, this::deregister);
    }

    /** {@code POST /api/cluster/register}. */
    public ApiResponse register(ApiRequest request) {
        return handle(request, "registration", NodeReports::registration, registry::register);
    }

    /** {@code POST /api/cluster/heartbeat}. */
    public ApiResponse heartbeat(ApiRequest request) {
        return handle(request, "heartbeat", NodeReports::heartbeat, registry::heartbeat);
    }

    /** {@code POST /api/cluster/deregister}: forgets the node; 200 also when it was not known. */
    public ApiResponse deregister(ApiRequest request) {
        return handle(request, "deregistration", NodeReports::nodeId, registry::deregister);
    }

    /** The secret first: the body of a caller without it is not even read. */
    private <T> ApiResponse handle(
            ApiRequest request, String what, Function<JsonNode, Parsed<T>> read, Function<T, RegistryAnswer> call) {
        if (!Secrets.matches(request.header(Secrets.CLUSTER_HEADER), secret)) {
            return ApiResponse.error(401, "Unauthorized: a valid " + Secrets.CLUSTER_HEADER + " header is required");
        }
        Parsed<T> body = read.apply(request.body());
        if (body instanceof Parsed.Invalid<T> invalid) {
            return ApiResponse.error(400, "Invalid " + what + ": " + invalid.message());
        }
        RegistryAnswer answer = call.apply(((Parsed.Valid<T>) body).value());
        // each node says which coordinators it reports to: that is how this one knows the others
        if (answer instanceof RegistryAnswer.Registered r) {
            coordinators.reported(r.nodeId(), request.body().get("coordinators"));
            coordinators.heartbeatInterval(r.heartbeatInterval());
        } else if (answer instanceof RegistryAnswer.Beat) {
            coordinators.reported(
                    request.body().path("id").asText(), request.body().get("coordinators"));
        } else if (answer instanceof RegistryAnswer.Deregistered d) {
            coordinators.forget(d.nodeId());
        }
        return render(answer);
    }

    /** The registry's answer as the protocol's HTTP answer. */
    static ApiResponse render(RegistryAnswer answer) {
        if (answer instanceof RegistryAnswer.Registered r) {
            return ApiResponse.ok(
                    Json.object().put("nodeId", r.nodeId()).put("heartbeatInterval", r.heartbeatInterval()));
        }
        if (answer instanceof RegistryAnswer.Beat b) {
            ObjectNode data = Json.object().put("known", true);
            ArrayNode need = data.putArray("needCatalog");
            b.needCatalog().forEach(need::add);
            return ApiResponse.ok(data);
        }
        if (answer instanceof RegistryAnswer.UnknownNode u) {
            return ApiResponse.error(
                    404, "unknown node " + u.nodeId(), Json.object().put("known", false));
        }
        if (answer instanceof RegistryAnswer.IdTaken t) {
            return ApiResponse.error(
                    409,
                    "Node id " + t.nodeId() + " is already registered by the live node at " + t.heldBy()
                            + ": give each node a distinct " + NODE_ID_KEY,
                    Json.object()
                            .put("nodeId", t.nodeId())
                            .put("registeredUrl", t.heldBy())
                            .put("setting", NODE_ID_KEY));
        }
        if (answer instanceof RegistryAnswer.Full f) {
            return ApiResponse.error(503, "The coordinator already has the maximum of " + f.maxNodes() + " nodes");
        }
        RegistryAnswer.Deregistered d = (RegistryAnswer.Deregistered) answer;
        return ApiResponse.ok(Json.object().put("nodeId", d.nodeId()).put("removed", d.removed()));
    }
}
