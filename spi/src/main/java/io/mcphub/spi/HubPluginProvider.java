package io.mcphub.spi;

/**
 * Service interface of the {@code hub-plugin} family (mode plugins,
 * {@code META-INF/services/io.mcphub.spi.HubPluginProvider}), such as {@code coordinator} and {@code node}: the one
 * that {@code systemConfig.cluster.mode} names is started. {@link #parse(ConfigView)} receives the
 * {@code systemConfig.cluster} block; the provider parses the part that is its own, once, into an immutable value.
 *
 * <p>The family is open: any installed provider can be selected by its name. A mode plugin needs the engine, so its
 * provider implements the engine's {@code io.mcphub.mode.ModePluginProvider}, whose plugins the engine knows how to
 * start; the engine refuses, at start and with the config path, a mode whose provider does not.
 *
 * @param <C> the provider's immutable parsed config
 */
public interface HubPluginProvider<C> extends PluginProvider<C> {

    /** Creates the plugin for a valid config; it does nothing until the engine starts it. */
    HubPlugin create(C config);
}
