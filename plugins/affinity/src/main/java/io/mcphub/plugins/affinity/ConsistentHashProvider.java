package io.mcphub.plugins.affinity;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;

/**
 * {@code consistent-hash}: keys each session id onto a ring of the server's replicas. MCPHub's default
 * strategy. Options in {@code stickySession["consistent-hash"]}: {@code virtualNodes} (default 1000,
 * at least 1, at most 4096) and {@code loadFactor} (default 0 = off; else from 1 to 10).
 */
public final class ConsistentHashProvider implements StickyStrategyProvider<ConsistentHashConfig> {
    public static final String NAME = "consistent-hash";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<ConsistentHashConfig> parse(ConfigView stickySession) {
        ConfigReader outer = new ConfigReader(stickySession);
        ConfigReader r = new ConfigReader(outer.block(NAME));
        int vnodes = (int) r.integer(
                "virtualNodes", ConsistentHashConfig.DEFAULT_VIRTUAL_NODES, 1, ConsistentHashConfig.MAX_VIRTUAL_NODES);
        double c = r.number("loadFactor", 0, 0, false, ConsistentHashConfig.MAX_LOAD_FACTOR);
        if (c > 0 && c < 1) {
            r.error("loadFactor", c, "0 (off) or a number >= 1");
            c = 0;
        }
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new ConsistentHashConfig(vnodes, c));
    }

    @Override
    public StickyStrategy create(ConsistentHashConfig config) {
        return new ConsistentHashStrategy(config);
    }
}
