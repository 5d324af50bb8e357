package io.mcphub.runtime;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.mcphub.api.ApiRoutes;
import io.mcphub.config.ClusterConfig;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.http.HubServer;
import io.mcphub.hub.Hub;
import io.mcphub.manage.LiveReload;
import io.mcphub.manage.Management;
import io.mcphub.manage.SettingsStore;
import io.mcphub.mode.AdvertisedAddress;
import io.mcphub.mode.HealthCheck;
import io.mcphub.mode.ModeHost;
import io.mcphub.mode.ModePlugin;
import io.mcphub.mode.ModePluginProvider;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.plugin.JsonConfigView;
import io.mcphub.plugin.PluginFamily;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.plugin.StickySecrets;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.HubPlugin;
import io.mcphub.spi.HubPluginProvider;
import io.mcphub.upstream.TransportFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the engine, its HTTP shell and, in cluster mode, the mode plugin the settings name. The launcher
 * starts one; the test-cluster harness starts many in one JVM.
 */
public final class HubRuntime implements ModeHost {
    private static final Logger log = LoggerFactory.getLogger(HubRuntime.class);

    private final HubSettings settings;
    private final Hub hub;
    private final HubServer server;
    private final ModePlugin plugin;
    private final Management management;
    private final LiveReload reload;

    private HubRuntime(
            HubSettings settings,
            Hub hub,
            HubServer server,
            ModePlugin plugin,
            Management management,
            LiveReload reload) {
        this.settings = settings;
        this.hub = hub;
        this.server = server;
        this.plugin = plugin;
        this.management = management;
        this.reload = reload;
    }

    /**
     * Everything wrong with the plugin side of the settings: the routing plugins' blocks and, in cluster mode, the
     * mode plugin (installed, startable by this engine, and its config valid). Each as
     * {@code path: value (expected: ...)}.
     */
    public static List<String> validate(HubSettings settings, PluginRegistry plugins) {
        ConfigView clusterView = JsonConfigView.at(settings.raw(), "systemConfig.cluster");
        List<String> problems = new ArrayList<>(plugins.validate(clusterView));
        ClusterConfig cluster = settings.cluster();
        if (!cluster.clustered()) {
            return problems;
        }
        Optional<HubPluginProvider<?>> provider = plugins.hubPlugin(cluster.mode());
        if (provider.isEmpty()) {
            problems.add("systemConfig.cluster.mode: \"" + cluster.mode() + "\" (expected: \""
                    + ClusterConfig.STANDALONE_MODE + "\" or the name of an installed mode plugin: "
                    + plugins.names(PluginFamily.HUB_PLUGIN) + ")");
        } else if (!(provider.get() instanceof ModePluginProvider<?>)) {
            problems.add("systemConfig.cluster.mode: \"" + cluster.mode() + "\" (expected: a mode plugin whose provider"
                    + " implements " + ModePluginProvider.class.getName() + "; "
                    + provider.get().getClass().getName() + " does not)");
        } else {
            ConfigResult<?> parsed = provider.get().parse(clusterView);
            parsed.errors().forEach(e -> problems.add(e.toString()));
        }
        return problems;
    }

    /**
     * The warnings of the plugin side of the settings (the routing plugins' blocks and, in cluster mode, the mode
     * plugin's): printed by {@code --validate-config}, errors under {@code --strict}, logged at start.
     */
    public static List<ConfigProblem> warnings(HubSettings settings, PluginRegistry plugins) {
        ConfigView clusterView = JsonConfigView.at(settings.raw(), "systemConfig.cluster");
        List<ConfigProblem> warnings = new ArrayList<>(plugins.warnings(clusterView));
        ClusterConfig cluster = settings.cluster();
        if (cluster.clustered()
                && plugins.hubPlugin(cluster.mode()).orElse(null) instanceof ModePluginProvider<?> provider) {
            warnings.addAll(provider.parse(clusterView).warnings());
        }
        return warnings;
    }

    /**
     * Starts a hub. In cluster mode the plugin {@code systemConfig.cluster.mode} names is configured from
     * {@code systemConfig.cluster} and started once the port is known.
     *
     * @throws IllegalStateException when the settings are invalid (see {@link #validate}) or the mode plugin could not
     *                               start (the hub is then stopped)
     */
    public static HubRuntime start(HubSettings settings, PluginRegistry plugins, String host, int port) {
        return start(settings, plugins, host, port, null);
    }

    /**
     * The same, with the settings file the management API saves to and whose hand edits are applied live.
     *
     * @param settingsFile the file {@code settings} were read from; null keeps the API's edits in memory
     */
    public static HubRuntime start(
            HubSettings settings, PluginRegistry plugins, String host, int port, Path settingsFile) {
        List<String> problems = validate(settings, plugins);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid settings:\n  " + String.join("\n  ", problems));
        }
        ClusterConfig cluster = settings.cluster();
        ConfigView clusterView = JsonConfigView.at(settings.raw(), "systemConfig.cluster");
        ModePluginProvider<?> provider = null;
        ClusterRouting routing = null;
        Object pluginConfig = null;
        if (cluster.clustered()) {
            provider = (ModePluginProvider<?>) plugins.hubPlugin(cluster.mode()).orElseThrow();
            ConfigResult<?> parsed = provider.parse(clusterView);
            pluginConfig = parsed.value();
            // the cookie and header strategies' keys default to ones derived from the cluster secret, so every
            // coordinator of the cluster honours the same cookie
            routing = plugins.configure(StickySecrets.routingView(settings.raw(), cluster.secret()));
            // values clamped to a sane maximum: the start goes on, the log says what was used
            parsed.warnings().forEach(w -> log.warn("{}", w));
            routing.warnings().forEach(w -> log.warn("{}", w));
        }
        ApiRoutes routes = new ApiRoutes();
        Hub hub = new Hub(settings, TransportFactory.DEFAULT);
        // the port opens before the mode plugin can start (it needs the port): not ready for clients until it has
        AtomicBoolean modeStarted = new AtomicBoolean(provider == null);
        if (provider != null) {
            hub.operatorHooks()
                    .addHealthCheck(() -> new HealthCheck.Result(
                            "modeStarted", modeStarted.get(), BooleanNode.valueOf(modeStarted.get())));
        }
        Management management = management(hub, settingsFile);
        HubServer server = new HubServer(hub, host, port, routes, management).start();
        hub.start();
        LiveReload reload = new LiveReload(management, hub.scheduler()).start();
        ModePlugin plugin = null;
        if (provider != null) {
            plugin = create(provider, pluginConfig);
            AdvertisedAddress advertised = new AdvertisedAddress(host, server.port());
            try {
                plugin.start(new EngineModeContext(hub, routes, routing, cluster.secret(), advertised));
            } catch (Exception e) {
                reload.close();
                plugin.halt();
                server.stop();
                hub.stop();
                throw new IllegalStateException(
                        "the " + cluster.mode() + " plugin could not start: " + e.getMessage(), e);
            }
            modeStarted.set(true);
            log.info("cluster mode {} started", cluster.mode());
        }
        return new HubRuntime(settings, hub, server, plugin, management, reload);
    }

    private static Management management(Hub hub, Path settingsFile) {
        if (settingsFile == null) {
            return Management.inMemory(hub);
        }
        try {
            return new Management(hub, SettingsStore.open(settingsFile), SettingsLoader.withSystemEnv());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the settings file " + settingsFile + ": " + e.getMessage(), e);
        }
    }

    /** The settings edits of the management API and of live reload. */
    public Management management() {
        return management;
    }

    @SuppressWarnings("unchecked")
    private static <C> ModePlugin create(ModePluginProvider<C> provider, Object config) {
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

    @Override
    public Optional<HubPlugin> plugin() {
        return Optional.ofNullable(plugin);
    }

    /** A clean stop: the mode plugin first (a node deregisters), then the HTTP server, then the upstreams. */
    public void stop() {
        reload.close();
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
        reload.close();
        if (plugin != null) {
            plugin.halt();
        }
        server.stop();
        hub.stop();
    }
}
