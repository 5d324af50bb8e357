package io.mcphub.plugins.examples;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;

/**
 * {@code example-lowest-id}: an example third-party sticky strategy. Every session goes to the healthy
 * replica with the lowest node id (or the highest, with {@code stickySession["example-lowest-id"].reverse}),
 * a primary/standby scheme: all traffic on one node, the next one takes over when it fails.
 *
 * <p>Written against {@code mcphub-spi} only, built as its own jar, and selected with
 * {@code "stickySession": {"strategy": "example-lowest-id"}} after dropping the jar in {@code --plugins DIR}.
 */
public final class LowestIdProvider implements StickyStrategyProvider<Boolean> {
    public static final String NAME = "example-lowest-id";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<Boolean> parse(ConfigView stickySession) {
        ConfigReader outer = new ConfigReader(stickySession);
        ConfigReader r = new ConfigReader(outer.block(NAME));
        boolean reverse = r.bool("reverse", false);
        outer.addAll(r.result(reverse));
        return outer.result(reverse);
    }

    @Override
    public StickyStrategy create(Boolean reverse) {
        return new LowestIdStrategy(reverse);
    }
}
