package io.mcphub.config;

import java.util.List;

/**
 * MCPHub's {@code systemConfig.routing}, with the keys of the top-level {@code bearerKeys}. A legacy
 * {@code bearerAuthKey} counts as one more key that reaches everything, as MCPHub migrates it.
 */
public record RoutingConfig(
        boolean enableGlobalRoute,
        boolean enableGroupNameRoute,
        boolean enableBearerAuth,
        String bearerAuthKey,
        List<BearerKey> bearerKeys) {

    public static final RoutingConfig DEFAULTS = new RoutingConfig(true, true, false, "", List.of());

    public RoutingConfig(
            boolean enableGlobalRoute, boolean enableGroupNameRoute, boolean enableBearerAuth, String bearerAuthKey) {
        this(enableGlobalRoute, enableGroupNameRoute, enableBearerAuth, bearerAuthKey, List.of());
    }
}
