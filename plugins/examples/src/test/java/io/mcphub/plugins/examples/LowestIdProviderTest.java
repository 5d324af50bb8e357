package io.mcphub.plugins.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import io.mcphub.spi.testing.FakeNode;
import io.mcphub.spi.testing.StickyStrategyContract;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LowestIdProviderTest {
    private static final String PATH = "systemConfig.cluster.stickySession";

    /** The example passes the contract every sticky strategy must pass (the SPI's shared test fixture). */
    @Nested
    class Contract extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return new LowestIdProvider().create(false);
        }
    }

    @Nested
    class ReverseContract extends StickyStrategyContract {
        @Override
        protected StickyStrategy strategy() {
            return new LowestIdProvider().create(true);
        }
    }

    @Test
    void serviceLoader_findsTheExample() {
        assertTrue(ServiceLoader.load(StickyStrategyProvider.class).stream()
                .anyMatch(p -> p.get().name().equals("example-lowest-id")));
    }

    @Test
    void config_defaultValidAndInvalid() {
        LowestIdProvider p = new LowestIdProvider();
        assertEquals(false, p.parse(ConfigView.empty(PATH)).value());
        assertEquals(
                true,
                p.parse(ConfigView.of(PATH, Map.of("example-lowest-id", Map.of("reverse", true))))
                        .value());
        assertEquals(
                PATH + ".example-lowest-id.reverse: 1 (expected: true or false)",
                p.parse(ConfigView.of(PATH, Map.of("example-lowest-id", Map.of("reverse", 1))))
                        .errors()
                        .get(0)
                        .toString());
    }

    @Test
    void routesToTheLowestHealthyId_whateverTheOrder() {
        StickyStrategy s = new LowestIdProvider().create(false);
        NodeSet nodes = NodeSet.of(List.of(
                FakeNode.healthy("c"), FakeNode.healthy("a").withHealth(NodeHealth.UNHEALTHY), FakeNode.healthy("b")));
        assertEquals(
                "b",
                s.router(nodes)
                        .route(RoutingRequest.forSession("x", "t"))
                        .orElseThrow()
                        .id());
        assertTrue(s.router(NodeSet.empty())
                .route(RoutingRequest.forSession("x", "t"))
                .isEmpty());
    }
}
