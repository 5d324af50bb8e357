package io.mcphub.coordinator;

import io.mcphub.mode.ModePlugin;
import io.mcphub.mode.ModePluginProvider;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import java.time.Duration;
import java.util.List;

/**
 * The {@code coordinator} mode plugin. Reads {@code systemConfig.cluster.coordinator} (MCPHub's {@code nodeTimeout,
 * cleanupInterval, stickySessionTimeout}, in milliseconds, and our {@code maxAffinityEntries}) into a
 * {@link CoordinatorConfig}.
 */
public final class CoordinatorProvider implements ModePluginProvider<CoordinatorConfig> {
    public static final String NAME = "coordinator";
    /** A month: a longer timeout is a typo, and a clamp keeps the arithmetic on instants in range. */
    static final long MAX_MILLIS = 31L * 24 * 3_600_000;

    static final long MAX_AFFINITY_ENTRIES = 100_000_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<CoordinatorConfig> parse(ConfigView cluster) {
        ConfigReader outer = new ConfigReader(cluster);
        ConfigReader r = new ConfigReader(outer.block("coordinator"));
        r.knownKeys(
                List.of("nodeTimeout", "cleanupInterval", "stickySessionTimeout", "maxAffinityEntries", "stopTimeout"));
        CoordinatorConfig d = CoordinatorConfig.DEFAULTS;
        Duration nodeTimeout = millis(r, "nodeTimeout", d.nodeTimeout());
        Duration cleanupInterval = millis(r, "cleanupInterval", d.cleanupInterval());
        Duration stickySessionTimeout = millis(r, "stickySessionTimeout", d.stickySessionTimeout());
        long maxEntries = r.integer("maxAffinityEntries", d.maxAffinityEntries(), 1, MAX_AFFINITY_ENTRIES);
        Duration stopTimeout = r.millis("stopTimeout", d.stopTimeout(), 0, MAX_MILLIS);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new CoordinatorConfig(
                nodeTimeout, cleanupInterval, stickySessionTimeout, (int) maxEntries, stopTimeout));
    }

    private static Duration millis(ConfigReader r, String key, Duration def) {
        return r.millis(key, def, 1, MAX_MILLIS);
    }

    @Override
    public ModePlugin create(CoordinatorConfig config) {
        return new CoordinatorPlugin(config);
    }
}
