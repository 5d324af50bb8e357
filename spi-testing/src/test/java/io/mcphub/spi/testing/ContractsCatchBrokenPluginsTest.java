package io.mcphub.spi.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.StickyStrategy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The contracts can fail: a strategy or a balancer that breaks a rule is caught by the inherited tests. */
class ContractsCatchBrokenPluginsTest {

    /** Routes every request to the last replica of the snapshot, healthy or not. */
    static class RoutesToUnhealthy extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return nodes -> request -> nodes.size() == 0 ? Optional.empty() : Optional.of(nodes.get(nodes.size() - 1));
        }
    }

    /** Throws when a client sends a header it does not expect. */
    static class ThrowsOnHostileHeaders extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return nodes -> request -> request.header("X-MCPHub-Node").map(v -> {
                throw new IllegalArgumentException("unexpected " + v.length());
            });
        }
    }

    /** Picks the first replica of the snapshot, healthy or not, and nothing when the set is empty. */
    static class PicksUnhealthy implements LoadBalancer {
        @Override
        public Picker picker(NodeSet nodes) {
            return request -> nodes.size() == 0 ? Optional.<NodeView>empty() : Optional.of(nodes.get(nodes.size() - 1));
        }
    }

    static class BalancerPickingUnhealthy extends LoadBalancerContract {
        @Override
        protected LoadBalancer balancer() {
            return new PicksUnhealthy();
        }
    }

    @Test
    void strategyRoutingToAnUnhealthyReplica_failsTheContract() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RoutesToUnhealthy.class))
                .execute()
                .testEvents()
                .assertStatistics(s -> s.failed(3));
    }

    @Test
    void strategyThrowingOnHostileInput_failsTheContract() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ThrowsOnHostileHeaders.class))
                .execute()
                .testEvents()
                .assertStatistics(s -> s.failed(1));
    }

    @Test
    void balancerPickingAnUnhealthyReplica_failsTheContract() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BalancerPickingUnhealthy.class))
                .execute()
                // also fails "every healthy replica reachable": it only ever picks the last one
                .testEvents()
                .assertStatistics(s -> s.failed(4));
    }
}
