package io.mcphub.spi;

/**
 * Service interface for mode plugins ({@code META-INF/services/io.mcphub.spi.HubPluginProvider}), such
 * as {@code coordinator} and {@code node}: started when {@code systemConfig.cluster.mode} names them.
 * {@link #parse(ConfigView)} receives the {@code systemConfig.cluster} block.
 *
 * @param <C> the provider's immutable parsed config
 */
public interface HubPluginProvider<C> extends PluginProvider<C> {

    /** Creates the plugin for a valid config; it does nothing until {@link HubPlugin#start(HubContext)}. */
    HubPlugin create(C config);
}
