package io.mcphub.plugins.bench;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.ServiceLoader;

/** Plugins by name with default config, found the way the hub finds them. */
final class Plugins {
    private Plugins() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static StickyStrategy sticky(String name, ConfigView block) {
        StickyStrategyProvider p = ServiceLoader.load(StickyStrategyProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow();
        return p.create(p.parse(block).value());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static LoadBalancer balancer(String name) {
        LoadBalancerProvider p = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow();
        return p.create(p.parse(ConfigView.empty("loadBalancing")).value());
    }
}
