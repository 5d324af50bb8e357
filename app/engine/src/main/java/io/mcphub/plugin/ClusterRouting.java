package io.mcphub.plugin;

import io.mcphub.mode.ModeApi;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.StickyStrategy;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The routing plugins a cluster config selects, configured and ready.
 *
 * @param strategyName the sticky strategy named by {@code stickySession.strategy}
 * @param sticky       the strategy; empty when {@code stickySession.enabled} is false (every request is
 *                     then balanced)
 * @param policyName   the load-balancing policy named by {@code loadBalancing.policy}
 * @param balancers    makes one balancer per server (see {@link #newLoadBalancer()})
 * @param warnings     adjustments made to the config (clamped values), for the log
 */
@ModeApi
public record ClusterRouting(
        String strategyName,
        Optional<StickyStrategy> sticky,
        String policyName,
        Supplier<LoadBalancer> balancers,
        List<ConfigProblem> warnings) {

    /** A new balancer; the engine creates one per server so that per-server state stays separate. */
    public LoadBalancer newLoadBalancer() {
        return balancers.get();
    }
}
