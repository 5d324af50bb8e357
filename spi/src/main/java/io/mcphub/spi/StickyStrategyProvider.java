package io.mcphub.spi;

/**
 * Service interface for sticky strategies ({@code META-INF/services/io.mcphub.spi.StickyStrategyProvider}).
 *
 * <p>Selected by {@code systemConfig.cluster.stickySession.strategy}. {@link #parse(ConfigView)} receives
 * the whole {@code stickySession} block: MCPHub's keys ({@code enabled}, {@code strategy},
 * {@code cookieName}, {@code headerName}) plus, by convention, the provider's own options in a nested
 * block named after it (e.g. {@code stickySession["consistent-hash"]}).
 *
 * @param <C> the provider's immutable parsed config
 */
public interface StickyStrategyProvider<C> extends PluginProvider<C> {

    /** Creates the strategy for a valid config (the value {@link #parse(ConfigView)} returned). */
    StickyStrategy create(C config);
}
