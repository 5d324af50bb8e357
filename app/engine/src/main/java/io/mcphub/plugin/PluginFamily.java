package io.mcphub.plugin;

import io.mcphub.spi.HubPluginProvider;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.PluginProvider;
import io.mcphub.spi.StickyStrategyProvider;

/** The plugin families, each a service interface found with ServiceLoader. */
public enum PluginFamily {
    STICKY_STRATEGY("sticky-strategy", StickyStrategyProvider.class),
    LOAD_BALANCER("load-balancer", LoadBalancerProvider.class),
    HUB_PLUGIN("hub-plugin", HubPluginProvider.class);

    private final String label;
    private final Class<?> service;

    PluginFamily(String label, Class<?> service) {
        this.label = label;
        this.service = service;
    }

    /** How the family is printed in listings and messages. */
    public String label() {
        return label;
    }

    @SuppressWarnings("unchecked")
    Class<PluginProvider<?>> service() {
        return (Class<PluginProvider<?>>) service;
    }
}
