package io.mcphub.coordinator;

import io.mcphub.api.ApiRoutes;
import io.mcphub.config.ClusterConfig;
import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.coordinator.registry.RegistrationApi;
import io.mcphub.coordinator.routing.CoordinatorRouting;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.hub.Hub;
import io.mcphub.spi.HubContext;
import io.mcphub.spi.HubPlugin;
import io.mcphub.upstream.UpstreamServer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The coordinator: the node registry and its endpoints, the management API, and (added by the routing code) the
 * placement of client sessions on nodes.
 */
public final class CoordinatorPlugin implements HubPlugin {
    /** What the management API shows until routing supplies placements: no session is known. */
    public static final SessionPlacements NO_PLACEMENTS = new SessionPlacements() {
        @Override
        public List<Placement> placements(String sessionId) {
            return null;
        }

        @Override
        public int sessionCount() {
            return 0;
        }
    };

    private volatile NodeRegistry registry;
    private volatile CoordinatorRouting routing;
    /** Where the management API reads session placements; routing replaces it with {@link #placements(SessionPlacements)}. */
    private volatile SessionPlacements placements = NO_PLACEMENTS;

    @Override
    public void start(HubContext context) {
        ClusterConfig cluster = context.service(ClusterConfig.class).orElseThrow();
        Hub hub = context.service(Hub.class).orElseThrow();
        ApiRoutes routes = context.service(ApiRoutes.class).orElseThrow();
        NodeRegistry nodes = new NodeRegistry(cluster.coordinator(), cluster.secret(), Clock.systemUTC());
        RegistrationApi.register(routes, nodes);
        new ClusterApi(nodes, () -> placements,
                () -> hub.localServers().stream().map(UpstreamServer::name).toList(),
                () -> hub.sessions().size()).register(routes);
        registry = nodes;
        CoordinatorRouting r = new CoordinatorRouting(hub, nodes, context.service(ClusterRouting.class).orElseThrow(), cluster);
        r.start();
        routing = r;
        placements(r);
        nodes.startSweeper();
    }

    @Override
    public void stop() {
        NodeRegistry r = registry;
        if (r != null) r.close();
        CoordinatorRouting cr = routing;
        if (cr != null) cr.stop();
    }

    /** The node registry; null before {@link #start(HubContext)}. */
    public NodeRegistry registry() {
        return registry;
    }

    /** Replaces what {@code GET /api/cluster/sessions/{id}} reads. */
    public void placements(SessionPlacements placements) {
        this.placements = Objects.requireNonNull(placements);
    }
}
