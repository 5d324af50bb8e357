package io.mcphub.coordinator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.coordinator.registry.KnownCoordinators;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.coordinator.registry.RegistrationApi;
import io.mcphub.coordinator.registry.RegistryGauges;
import io.mcphub.coordinator.routing.CoordinatorRouting;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.HealthCheck;
import io.mcphub.mode.ModeContext;
import io.mcphub.mode.ModePlugin;
import java.util.List;

/**
 * The coordinator: the node registry and its endpoints, the placement of client sessions on nodes (routing), and
 * the management API that shows both.
 */
public final class CoordinatorPlugin implements ModePlugin {
    private final CoordinatorConfig config;
    private volatile NodeRegistry registry;
    private volatile CoordinatorRouting routing;
    private volatile ModeContext context;
    /** A clean stop has begun: readiness is 503 so that load balancers send new work to the other coordinators. */
    private volatile boolean stopping;

    public CoordinatorPlugin(CoordinatorConfig config) {
        this.config = config;
    }

    @Override
    public void start(ModeContext context) {
        this.context = context;
        NodeRegistry nodes = new NodeRegistry(config, context.scheduler().clock());
        registry = nodes;
        CoordinatorRouting r = new CoordinatorRouting(context, nodes, context.routing(), config);
        routing = r;
        r.start();
        KnownCoordinators coordinators = new KnownCoordinators();
        r.coordinators(() -> coordinators.count(id -> nodes.node(id) != null));
        // any coordinator continues a session any other opened: what it needs is sealed in the session id
        context.sessionIds(new SessionSeal(context.clusterSecret(), r::continued));
        new RegistrationApi(nodes, context.clusterSecret(), coordinators).register(context.routes());
        new CoordinatorsApi(nodes, coordinators, context.advertisedUrl()).register(context.routes());
        new ClusterApi(nodes, r, context::localServers, () -> context.load().sessions(), r::sessionsOn)
                .register(context.routes());
        new DrainApi(nodes, r::sessionsOn, context.clusterSecret()).register(context.routes());
        context.addHealthCheck(() -> nodesHealth(nodes));
        Warmup warmup = new Warmup(
                context.scheduler().clock(),
                config.nodeTimeout(),
                () -> nodes.nodes().size(),
                coordinators::longestHeartbeatMillis);
        context.addHealthCheck(() -> {
            boolean warm = warmup.ready();
            return new HealthCheck.Result(
                    "coordinator",
                    warm && !stopping,
                    Json.object().put("stopping", stopping).put("warm", warm));
        });
        context.sessionDetails(id -> placements(nodes, r, id));
        RegistryGauges.install(context.metrics(), nodes, context.scheduler().clock());
        // operators' live views (the dashboard) hear of every membership, health or drain change
        nodes.addListener(view -> context.clusterChanged());
        nodes.startSweeper(context.scheduler());
    }

    /**
     * A clean stop: readiness turns 503 (no new work), the requests in flight finish (at most {@code stopTimeout}),
     * then the coordinator lets go of the nodes. Its sessions continue on the other coordinators.
     */
    @Override
    public void stop() {
        stopping = true;
        ModeContext c = context;
        if (c != null) {
            new InFlightWait(() -> c.load().inFlight(), config.stopTimeout()).run();
        }
        release();
    }

    /** Stops at once, with requests in flight cut off: what a crash looks like from outside. */
    @Override
    public void halt() {
        stopping = true;
        release();
    }

    private void release() {
        NodeRegistry r = registry;
        if (r != null) {
            r.close();
        }
        CoordinatorRouting cr = routing;
        if (cr != null) {
            cr.stop();
        }
    }

    /**
     * The nodes in {@code /health}: how many are registered and healthy. It does not make the coordinator unready:
     * nodes register through the coordinator's own Service, which would then never route to it.
     */
    private static HealthCheck.Result nodesHealth(NodeRegistry registry) {
        int healthy = 0;
        int draining = 0;
        List<NodeRecord> all = registry.nodes();
        for (NodeRecord n : all) {
            if (n.health().isHealthy()) {
                healthy++;
            }
            if (n.draining()) {
                draining++;
            }
        }
        ObjectNode detail = Json.object()
                .put("registered", all.size())
                .put("healthy", healthy)
                .put("draining", draining);
        return new HealthCheck.Result("nodes", true, detail);
    }

    /** A session's placements for {@code GET /api/sessions}. */
    private static ArrayNode placements(NodeRegistry registry, SessionPlacements placements, String sessionId) {
        ArrayNode out = Json.array();
        List<SessionPlacements.Placement> list = placements.placements(sessionId);
        if (list == null) {
            return out;
        }
        for (SessionPlacements.Placement p : list) {
            NodeRecord n = registry.node(p.nodeId());
            out.addObject()
                    .put("server", p.server())
                    .put("nodeId", p.nodeId())
                    .put("nodeName", n == null ? null : n.name())
                    .put("lastUsed", p.lastUsed().toString());
        }
        return out;
    }

    /** The node registry; null before {@link #start(ModeContext)}. */
    public NodeRegistry registry() {
        return registry;
    }
}
