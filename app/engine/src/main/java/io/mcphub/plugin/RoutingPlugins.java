package io.mcphub.plugin;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.PluginProvider;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads {@code systemConfig.cluster.stickySession} (MCPHub's block) and
 * {@code systemConfig.cluster.loadBalancing} (ours), finds the providers they name and lets each parse
 * its block. The selected providers are parsed, and so is any other provider of the family whose own
 * nested block is present, so a typo in an unused block is not silently ignored.
 */
final class RoutingPlugins {
    static final String DEFAULT_STRATEGY = "consistent-hash";
    static final String DEFAULT_POLICY = "round-robin";

    private final Map<String, StickyStrategyProvider<?>> strategies;
    private final Map<String, LoadBalancerProvider<?>> policies;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    RoutingPlugins(Map<String, StickyStrategyProvider<?>> strategies, Map<String, LoadBalancerProvider<?>> policies) {
        this.strategies = strategies;
        this.policies = policies;
    }

    List<ConfigProblem> errors() {
        return errors;
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    ClusterRouting read(ConfigView cluster) {
        ConfigReader c = new ConfigReader(cluster);
        ConfigView stickyBlock = c.block("stickySession");
        ConfigView lbBlock = c.block("loadBalancing");
        errors.addAll(c.errors());

        ConfigReader s = new ConfigReader(stickyBlock);
        boolean enabled = s.bool("enabled", true);
        String strategyName = name(s, "strategy", DEFAULT_STRATEGY, strategies);
        ConfigReader l = new ConfigReader(lbBlock);
        String policyName = name(l, "policy", DEFAULT_POLICY, policies);
        errors.addAll(s.errors());
        errors.addAll(l.errors());

        Optional<StickyStrategy> sticky = Optional.empty();
        StickyStrategyProvider<?> strategy = strategies.get(strategyName);
        if (strategy != null) {
            Optional<StickyStrategy> made = sticky(strategy, stickyBlock);
            sticky = enabled ? made : Optional.empty();
        }
        strategies.forEach((n, p) -> {
            if (!n.equals(strategyName) && stickyBlock.has(n)) {
                sticky(p, stickyBlock);
            }
        });

        Supplier<LoadBalancer> balancers = null;
        LoadBalancerProvider<?> policy = policies.get(policyName);
        if (policy != null) {
            balancers = balancers(policy, lbBlock);
        }
        policies.forEach((n, p) -> {
            if (!n.equals(policyName) && lbBlock.has(n)) {
                balancers(p, lbBlock);
            }
        });
        return errors.isEmpty()
                ? new ClusterRouting(strategyName, sticky, policyName, balancers, List.copyOf(warnings))
                : null;
    }

    private String name(ConfigReader r, String key, String def, Map<String, ? extends PluginProvider<?>> known) {
        String raw = r.string(key, def);
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (!known.containsKey(name)) {
            r.error(
                    key,
                    raw,
                    known.isEmpty()
                            ? "a plugin name, but none is installed"
                            : "one of " + String.join(", ", known.keySet()));
        }
        return name;
    }

    private <C> Optional<StickyStrategy> sticky(StickyStrategyProvider<C> p, ConfigView block) {
        return parse(p, block).map(p::create);
    }

    private <C> Supplier<LoadBalancer> balancers(LoadBalancerProvider<C> p, ConfigView block) {
        return parse(p, block)
                .<Supplier<LoadBalancer>>map(c -> () -> p.create(c))
                .orElse(null);
    }

    /** A third-party parser that throws is reported like any bad value instead of crashing the start. */
    private <C> Optional<C> parse(PluginProvider<C> p, ConfigView block) {
        ConfigResult<C> r;
        try {
            r = p.parse(block);
        } catch (RuntimeException e) {
            errors.add(new ConfigProblem(
                    block.path(), "{...}", "a config plugin " + p.name() + " accepts; it failed with " + e));
            return Optional.empty();
        }
        errors.addAll(r.errors());
        warnings.addAll(r.warnings());
        return r.isOk() ? Optional.of(r.value()) : Optional.empty();
    }
}
