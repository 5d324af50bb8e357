package io.mcphub.coordinator.registry;

import io.mcphub.api.ApiRoutes;

/**
 * The node protocol's endpoints on the coordinator. They check the cluster secret themselves (in
 * {@link NodeRegistry}), so the bearer key that guards client endpoints does not apply to them.
 */
public final class RegistrationApi {
    public static final String REGISTER = "/api/cluster/register";
    public static final String HEARTBEAT = "/api/cluster/heartbeat";
    public static final String DEREGISTER = "/api/cluster/deregister";

    private RegistrationApi() {}

    public static void register(ApiRoutes routes, NodeRegistry registry) {
        routes.add("POST", REGISTER, ApiRoutes.Access.SELF_CHECKED, registry::register);
        routes.add("POST", HEARTBEAT, ApiRoutes.Access.SELF_CHECKED, registry::heartbeat);
        routes.add("POST", DEREGISTER, ApiRoutes.Access.SELF_CHECKED, registry::deregister);
    }
}
