package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code least-connections}: the healthy replica with the fewest sessions plus requests in flight. Option
 * {@code loadBalancing["least-connections"].metric}: {@code both} (default), {@code sessions},
 * {@code in-flight}.
 */
public final class LeastConnectionsProvider implements LoadBalancerProvider<LeastConnectionsConfig> {
    public static final String NAME = "least-connections";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<LeastConnectionsConfig> parse(ConfigView loadBalancing) {
        ConfigReader outer = new ConfigReader(loadBalancing);
        ConfigReader r = new ConfigReader(outer.block(NAME));
        String metric = r.oneOf("metric", "both", List.of("both", "sessions", "in-flight"));
        outer.addAll(r.result(metric));
        return outer.result(LeastConnectionsConfig.of(metric));
    }

    @Override
    public LoadBalancer create(LeastConnectionsConfig config) {
        return new LeastConnectionsBalancer(config, ThreadLocalRandom::current);
    }

    static LoadBalancer create(LeastConnectionsConfig config, Supplier<RandomGenerator> random) {
        return new LeastConnectionsBalancer(config, random);
    }
}
