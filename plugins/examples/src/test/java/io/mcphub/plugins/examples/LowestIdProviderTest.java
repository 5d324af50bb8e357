package io.mcphub.plugins.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LowestIdProviderTest {
    private static final String PATH = "systemConfig.cluster.stickySession";

    record Node(String id, NodeHealth health) implements NodeView {
        public String name() { return id; }
        public String url() { return "http://" + id; }
        public int weight() { return 1; }
        public int activeSessions() { return 0; }
        public int inFlightRequests() { return 0; }
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
        assertEquals(true, p.parse(ConfigView.of(PATH, Map.of("example-lowest-id", Map.of("reverse", true)))).value());
        assertEquals(PATH + ".example-lowest-id.reverse: 1 (expected: true or false)",
                p.parse(ConfigView.of(PATH, Map.of("example-lowest-id", Map.of("reverse", 1)))).errors().get(0).toString());
    }

    @Test
    void routesToTheLowestHealthyId_whateverTheOrder() {
        StickyStrategy s = new LowestIdProvider().create(false);
        NodeSet nodes = NodeSet.of(List.of(new Node("c", NodeHealth.HEALTHY), new Node("a", NodeHealth.UNHEALTHY),
                new Node("b", NodeHealth.HEALTHY)));
        assertEquals("b", s.router(nodes).route(RoutingRequest.forSession("x", "t")).orElseThrow().id());
        assertTrue(s.router(NodeSet.empty()).route(RoutingRequest.forSession("x", "t")).isEmpty());
    }
}
