package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code power-of-two}: two random healthy replicas, the less loaded wins, where load is latency times
 * requests in flight (Finagle's peak-EWMA idea). O(1) per pick at any cluster size. Options in
 * {@code loadBalancing["power-of-two"]}: {@code ewmaAlpha} (default 0.3, in (0, 1]) and
 * {@code failurePenaltyMillis} (default 1000, from 0 to 60000).
 */
public final class PowerOfTwoProvider implements LoadBalancerProvider<PowerOfTwoConfig> {
    public static final String NAME = "power-of-two";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<PowerOfTwoConfig> parse(ConfigView loadBalancing) {
        ConfigReader outer = new ConfigReader(loadBalancing);
        ConfigReader r = new ConfigReader(outer.block(NAME));
        double alpha = r.number("ewmaAlpha", PowerOfTwoConfig.DEFAULT_ALPHA, 0, true, 1.0);
        long penalty = r.integer(
                "failurePenaltyMillis",
                PowerOfTwoConfig.DEFAULT_FAILURE_PENALTY_MILLIS,
                0,
                PowerOfTwoConfig.MAX_FAILURE_PENALTY_MILLIS);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new PowerOfTwoConfig(alpha, penalty));
    }

    @Override
    public LoadBalancer create(PowerOfTwoConfig config) {
        return new PowerOfTwoBalancer(config, ThreadLocalRandom::current);
    }

    static LoadBalancer create(PowerOfTwoConfig config, Supplier<RandomGenerator> random) {
        return new PowerOfTwoBalancer(config, random);
    }
}
