package io.mcphub.runtime;

import io.mcphub.api.ApiRoutes;
import io.mcphub.config.ClusterConfig;
import io.mcphub.config.HubSettings;
import io.mcphub.http.HubServer;
import io.mcphub.hub.Hub;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.plugin.JsonConfigView;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.HubContext;
import io.mcphub.spi.HubPlugin;
import io.mcphub.spi.HubPluginProvider;
import io.mcphub.upstream.TransportFactory;
import io.mcphub.plugin.PluginFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the engine, its HTTP shell and, in cluster mode, the mode plugin the settings name. The launcher
 * starts one; the test-cluster harness starts many in one JVM.
 */
public final class HubRuntime {
    private static final Logger log = LoggerFactory.getLogger(HubRuntime.class);

    private final HubSettings settings;
    private final Hub hub;
    private final HubServer server;
    private final HubPlugin plugin;

    private HubRuntime(HubSettings settings, Hub hub, HubServer server, HubPlugin plugin) {
        this.settings = settings;
        this.hub = hub;
        this.server = server;
        this.plugin = plugin;
    }

    /**
     * Starts a hub. In coordinator or node mode the plugin of that name is configured from
     * {@code systemConfig.cluster} and started once the port is known.
     *
     * @throws IllegalStateException when the mode's plugin is missing or its config is invalid (the hub is stopped)
     */
    /**
     * Everything wrong with the plugin side of the settings: the routing plugins' blocks and, in cluster mode, the
     * mode plugin (present, and its config valid). Each as {@code path: value (expected: ...)}.
     */
    public static List<String> validate(HubSettings settings, PluginRegistry plugins) {
        ConfigView clusterView = JsonConfigView.at(settings.raw(), "systemConfig.cluster");
        List<String> problems = new ArrayList<>(plugins.validate(clusterView));
        ClusterConfig.Mode mode = settings.cluster().activeMode();
        if (mode == ClusterConfig.Mode.STANDALONE) return problems;
        Optional<HubPluginProvider<?>> provider = plugins.hubPlugin(mode.configName());
        if (provider.isEmpty()) {
            problems.add("systemConfig.cluster.mode: \"" + mode.configName() + "\" (expected: a mode whose plugin is installed: "
                    + plugins.names(PluginFamily.HUB_PLUGIN) + ")");
        } else {
            ConfigResult<?> parsed = provider.get().parse(clusterView);
            parsed.errors().forEach(e -> problems.add(e.toString()));
        }
        return problems;
    }

    public static HubRuntime start(HubSettings settings, PluginRegistry plugins, String host, int port) {
        List<String> problems = validate(settings, plugins);
        if (!problems.isEmpty()) throw new IllegalStateException("invalid settings:\n  " + String.join("\n  ", problems));
        ClusterConfig.Mode mode = settings.cluster().activeMode();
        HubPluginProvider<?> provider = null;
        ConfigView clusterView = JsonConfigView.at(settings.raw(), "systemConfig.cluster");
        ClusterRouting routing = null;
        Object pluginConfig = null;
        if (mode != ClusterConfig.Mode.STANDALONE) {
            provider = plugins.hubPlugin(mode.configName()).orElseThrow();
            pluginConfig = provider.parse(clusterView).value();
            routing = plugins.configure(clusterView);
        }
        ApiRoutes routes = new ApiRoutes();
        Hub hub = new Hub(settings, TransportFactory.DEFAULT);
        HubServer server = new HubServer(hub, host, port, routes).start();
        hub.start();
        HubPlugin plugin = null;
        if (provider != null) {
            plugin = create(provider, pluginConfig);
            Map<Class<?>, Object> services = Map.of(
                    Hub.class, hub, HubSettings.class, settings, ClusterConfig.class, settings.cluster(),
                    ApiRoutes.class, routes, ClusterRouting.class, routing, PluginRegistry.class, plugins,
                    AdvertisedAddress.class, new AdvertisedAddress(host, server.port()));
            try {
                plugin.start(new Context(clusterView, services));
            } catch (Exception e) {
                server.stop();
                hub.stop();
                throw new IllegalStateException("the " + mode.configName() + " plugin could not start: " + e.getMessage(), e);
            }
            log.info("cluster mode {} started", mode.configName());
        }
        return new HubRuntime(settings, hub, server, plugin);
    }

    @SuppressWarnings("unchecked")
    private static <C> HubPlugin create(HubPluginProvider<C> provider, Object config) {
        return provider.create((C) config);
    }

    public Hub hub() {
        return hub;
    }

    public HubSettings settings() {
        return settings;
    }

    public int port() {
        return server.port();
    }

    public Optional<HubPlugin> plugin() {
        return Optional.ofNullable(plugin);
    }

    /** A clean stop: the mode plugin first (a node deregisters), then the HTTP server, then the upstreams. */
    public void stop() {
        if (plugin != null) {
            try {
                plugin.stop();
            } catch (RuntimeException e) {
                log.warn("mode plugin did not stop cleanly: {}", e.toString());
            }
        }
        server.stop();
        hub.stop();
    }

    /** Stops as a crash would look from outside: no goodbyes to the cluster, the port closed at once. */
    public void halt() {
        if (plugin != null) plugin.halt();
        server.stop();
        hub.stop();
    }

    private record Context(ConfigView clusterConfig, Map<Class<?>, Object> services) implements HubContext {
        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Optional.ofNullable(services.get(type)).map(type::cast);
        }
    }
}
