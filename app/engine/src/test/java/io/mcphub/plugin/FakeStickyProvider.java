package io.mcphub.plugin;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.Optional;

/** A classpath sticky strategy for registry tests; option {@code fake-sticky.level}: integer >= 0. */
public final class FakeStickyProvider implements StickyStrategyProvider<Long> {
    @Override
    public String name() {
        return "fake-sticky";
    }

    @Override
    public ConfigResult<Long> parse(ConfigView block) {
        ConfigReader outer = new ConfigReader(block);
        ConfigReader r = new ConfigReader(outer.block(name()));
        long level = r.integer("level", 1, 0, 10);
        outer.addAll(r.result(level));
        return outer.result(level);
    }

    @Override
    public StickyStrategy create(Long config) {
        return nodes -> request -> Optional.empty();
    }
}
