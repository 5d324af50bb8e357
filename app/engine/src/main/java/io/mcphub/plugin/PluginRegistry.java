package io.mcphub.plugin;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.HubPluginProvider;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.PluginProvider;
import io.mcphub.spi.StickyStrategyProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every plugin provider the hub can use, by family and name (after gRPC's {@code LoadBalancerRegistry}).
 * Loaded once at start from the classpath and the {@code --plugins} folders; immutable afterwards.
 * The engine selects plugins by the names in its config and never names a plugin class.
 */
public final class PluginRegistry {
    private final List<LoadedProvider> providers;
    private final Map<PluginFamily, Map<String, LoadedProvider>> byName;

    private PluginRegistry(List<LoadedProvider> providers) {
        this.providers = List.copyOf(providers);
        Map<PluginFamily, Map<String, LoadedProvider>> m = new EnumMap<>(PluginFamily.class);
        for (PluginFamily f : PluginFamily.values()) {
            m.put(f, new TreeMap<>());
        }
        providers.forEach(p -> m.get(p.family()).put(p.provider().name(), p));
        m.replaceAll((f, names) -> Collections.unmodifiableMap(names));
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * Loads the providers of every family from the classpath and from each jar in {@code pluginDirs}.
     *
     * @throws PluginLoadException listing every problem: a folder that is not one, a jar or provider that
     *                             cannot be loaded, an invalid name, two providers with one name (naming
     *                             both jars)
     */
    public static PluginRegistry load(List<Path> pluginDirs) {
        return load(pluginDirs, PluginRegistry.class.getClassLoader());
    }

    /** As {@link #load(List)}, with the class loader that holds the classpath providers and the spi. */
    public static PluginRegistry load(List<Path> pluginDirs, ClassLoader parent) {
        PluginLoader loader = new PluginLoader(parent);
        loader.loadClasspath();
        pluginDirs.forEach(loader::loadDirectory);
        List<String> problems = new ArrayList<>(loader.problems());
        Map<String, LoadedProvider> seen = new LinkedHashMap<>();
        for (LoadedProvider p : loader.loaded()) {
            String key = p.family().label() + " " + p.provider().name();
            LoadedProvider first = seen.putIfAbsent(key, p);
            if (first != null) {
                problems.add("two " + p.family().label() + " providers are named \""
                        + p.provider().name() + "\": "
                        + first.provider().getClass().getName() + " in " + first.jar() + " and "
                        + p.provider().getClass().getName() + " in " + p.jar());
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginLoadException(problems);
        }
        return new PluginRegistry(loader.loaded());
    }

    /** One row per provider, by family then name: what {@code --list-plugins} prints. */
    public List<PluginInfo> describe() {
        return providers.stream()
                .map(LoadedProvider::info)
                .sorted(Comparator.comparing(PluginInfo::family).thenComparing(PluginInfo::name))
                .toList();
    }

    /** The names in a family, sorted. */
    public List<String> names(PluginFamily family) {
        return List.copyOf(byName.get(family).keySet());
    }

    /** The sticky strategy provider with this name. */
    public Optional<StickyStrategyProvider<?>> stickyStrategy(String name) {
        return find(PluginFamily.STICKY_STRATEGY, name).map(p -> (StickyStrategyProvider<?>) p);
    }

    /** The load-balancing policy provider with this name. */
    public Optional<LoadBalancerProvider<?>> loadBalancer(String name) {
        return find(PluginFamily.LOAD_BALANCER, name).map(p -> (LoadBalancerProvider<?>) p);
    }

    /** The mode plugin provider with this name (what {@code systemConfig.cluster.mode} selects). */
    public Optional<HubPluginProvider<?>> hubPlugin(String name) {
        return find(PluginFamily.HUB_PLUGIN, name).map(p -> (HubPluginProvider<?>) p);
    }

    private Optional<PluginProvider<?>> find(PluginFamily family, String name) {
        return Optional.ofNullable(byName.get(family).get(name)).map(LoadedProvider::provider);
    }

    /**
     * Checks the routing part of a cluster config: {@code stickySession.{enabled, strategy, cookieName,
     * headerName, <strategy options>}} and {@code loadBalancing.{policy, <policy options>}}. A missing
     * block means its defaults ({@code consistent-hash}, {@code round-robin}).
     *
     * @param cluster the {@code systemConfig.cluster} block (its path is used in the messages)
     * @return every error as {@code path: value (expected: ...)}; empty when the config is valid
     */
    public List<String> validate(ConfigView cluster) {
        RoutingPlugins rc = routingConfig();
        rc.read(cluster);
        return rc.errors().stream().map(ConfigProblem::toString).toList();
    }

    /** The warnings of the routing plugins' blocks (values adjusted, keys a provider does not know). */
    public List<ConfigProblem> warnings(ConfigView cluster) {
        RoutingPlugins rc = routingConfig();
        rc.read(cluster);
        return rc.warnings();
    }

    /**
     * Configures the routing plugins a cluster config selects.
     *
     * @throws PluginConfigException with the same errors {@link #validate(ConfigView)} reports
     */
    public ClusterRouting configure(ConfigView cluster) {
        RoutingPlugins rc = routingConfig();
        ClusterRouting routing = rc.read(cluster);
        if (routing == null) {
            throw new PluginConfigException(
                    rc.errors().stream().map(ConfigProblem::toString).toList());
        }
        return routing;
    }

    private RoutingPlugins routingConfig() {
        Map<String, StickyStrategyProvider<?>> s = new TreeMap<>();
        byName.get(PluginFamily.STICKY_STRATEGY).forEach((n, p) -> s.put(n, (StickyStrategyProvider<?>) p.provider()));
        Map<String, LoadBalancerProvider<?>> l = new TreeMap<>();
        byName.get(PluginFamily.LOAD_BALANCER).forEach((n, p) -> l.put(n, (LoadBalancerProvider<?>) p.provider()));
        return new RoutingPlugins(s, l);
    }
}
