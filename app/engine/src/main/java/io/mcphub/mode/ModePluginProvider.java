package io.mcphub.mode;

import io.mcphub.spi.HubPluginProvider;

/**
 * A provider of the {@code hub-plugin} family whose plugins the engine can start: register it under
 * {@code META-INF/services/io.mcphub.spi.HubPluginProvider} and select it with {@code systemConfig.cluster.mode}.
 *
 * @param <C> the provider's immutable parsed config (its own part of {@code systemConfig.cluster})
 */
public interface ModePluginProvider<C> extends HubPluginProvider<C> {

    /** Creates the plugin for a valid config; it does nothing until {@link ModePlugin#start(ModeContext)}. */
    @Override
    ModePlugin create(C config);
}
