package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.NodeView;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** {@code random}: a uniformly random healthy replica. No options; no shared state at all. */
public final class RandomProvider implements LoadBalancerProvider<NoOptions> {
    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<NoOptions> parse(ConfigView loadBalancing) {
        return NoOptions.parse(loadBalancing, NAME);
    }

    @Override
    public LoadBalancer create(NoOptions config) {
        return create(ThreadLocalRandom::current);
    }

    static LoadBalancer create(Supplier<RandomGenerator> random) {
        return nodes -> {
            HealthyIndex healthy = HealthyIndex.of(nodes);
            return request -> healthy.size() == 0
                    ? Optional.<NodeView>empty()
                    : healthy.optional(random.get().nextInt(healthy.size()));
        };
    }
}
