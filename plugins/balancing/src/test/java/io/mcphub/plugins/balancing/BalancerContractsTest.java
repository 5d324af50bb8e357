package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.testing.LoadBalancerContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Each standard balancing policy, with its default config, passes the SPI contract. */
class BalancerContractsTest {
    private static final String PATH = "systemConfig.cluster.loadBalancing";

    static <C> LoadBalancer create(LoadBalancerProvider<C> provider, Map<String, Object> block) {
        return provider.create(provider.parse(ConfigView.of(PATH, block)).value());
    }

    @Nested
    class RoundRobin extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new RoundRobinProvider(), Map.of());
        }
    }

    @Nested
    class RandomPick extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new RandomProvider(), Map.of());
        }
    }

    @Nested
    class LeastConnections extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new LeastConnectionsProvider(), Map.of());
        }
    }

    @Nested
    class LeastConnectionsInFlight extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new LeastConnectionsProvider(), Map.of("least-connections", Map.of("metric", "in-flight")));
        }
    }

    @Nested
    class Weighted extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new WeightedProvider(), Map.of());
        }
    }

    @Nested
    class PowerOfTwo extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return create(new PowerOfTwoProvider(), Map.of());
        }
    }
}
