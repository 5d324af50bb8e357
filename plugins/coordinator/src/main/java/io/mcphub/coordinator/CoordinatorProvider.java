package io.mcphub.coordinator;

import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.HubPlugin;
import io.mcphub.spi.HubPluginProvider;

/**
 * The {@code coordinator} mode plugin. Its settings ({@code systemConfig.cluster.coordinator}, {@code secret}) are
 * parsed and validated by the engine into {@code ClusterConfig}, which the plugin reads when it starts; so this
 * provider keeps the block as it is.
 */
public final class CoordinatorProvider implements HubPluginProvider<ConfigView> {
    public static final String NAME = "coordinator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<ConfigView> parse(ConfigView block) {
        return ConfigResult.ok(block);
    }

    @Override
    public HubPlugin create(ConfigView config) {
        return new CoordinatorPlugin();
    }
}
