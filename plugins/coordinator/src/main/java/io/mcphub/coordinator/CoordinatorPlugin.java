package io.mcphub.coordinator;

import io.mcphub.coordinator.registry.NodeRegistry;
import io.mcphub.coordinator.registry.RegistrationApi;
import io.mcphub.coordinator.routing.CoordinatorRouting;
import io.mcphub.mode.ModeContext;
import io.mcphub.mode.ModePlugin;

/**
 * The coordinator: the node registry and its endpoints, the placement of client sessions on nodes (routing), and
 * the management API that shows both.
 */
public final class CoordinatorPlugin implements ModePlugin {
    private final CoordinatorConfig config;
    private volatile NodeRegistry registry;
    private volatile CoordinatorRouting routing;

    public CoordinatorPlugin(CoordinatorConfig config) {
        this.config = config;
    }

    @Override
    public void start(ModeContext context) {
        NodeRegistry nodes = new NodeRegistry(config, context.scheduler().clock());
        registry = nodes;
        CoordinatorRouting r = new CoordinatorRouting(context, nodes, context.routing(), config);
        routing = r;
        r.start();
        new RegistrationApi(nodes, context.clusterSecret()).register(context.routes());
        new ClusterApi(nodes, r, context::localServers, () -> context.load().sessions()).register(context.routes());
        nodes.startSweeper(context.scheduler());
    }

    @Override
    public void stop() {
        NodeRegistry r = registry;
        if (r != null) {
            r.close();
        }
        CoordinatorRouting cr = routing;
        if (cr != null) {
            cr.stop();
        }
    }

    /** The node registry; null before {@link #start(ModeContext)}. */
    public NodeRegistry registry() {
        return registry;
    }
}
