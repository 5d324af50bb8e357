package io.mcphub.spi;

/**
 * Service interface for load-balancing policies ({@code META-INF/services/io.mcphub.spi.LoadBalancerProvider}).
 *
 * <p>Selected by {@code systemConfig.cluster.loadBalancing.policy}. {@link #parse(ConfigView)} receives the
 * whole {@code loadBalancing} block; by convention a policy's own options live in a nested block named
 * after it (e.g. {@code loadBalancing["power-of-two"]}).
 *
 * @param <C> the provider's immutable parsed config
 */
public interface LoadBalancerProvider<C> extends PluginProvider<C> {

    /**
     * Creates a balancer for a valid config. The hub creates one per server, so that state such as a
     * round-robin position is per replica set.
     */
    LoadBalancer create(C config);
}
