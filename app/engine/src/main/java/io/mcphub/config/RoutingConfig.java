package io.mcphub.config;

/** MCPHub's {@code systemConfig.routing}. */
public record RoutingConfig(
        boolean enableGlobalRoute,
        boolean enableGroupNameRoute,
        boolean enableBearerAuth,
        String bearerAuthKey) {

    public static final RoutingConfig DEFAULTS = new RoutingConfig(true, true, false, "");
}
