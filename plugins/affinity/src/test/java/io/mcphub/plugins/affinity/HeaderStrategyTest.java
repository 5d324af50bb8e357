package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.testing.FakeNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderStrategyTest {
    private static final String PATH = "systemConfig.cluster.stickySession";
    private final HeaderProvider provider = new HeaderProvider();
    private final List<NodeView> nodes = FakeNode.healthy(3);

    private StickyStrategy strategy(Map<String, ?> block) {
        return provider.create(provider.parse(ConfigView.of(PATH, block)).value());
    }

    @Test
    void defaults_followMcpHub() {
        HeaderConfig c = provider.parse(ConfigView.empty(PATH)).value();
        assertEquals("X-MCPHub-Node", c.headerName());
        assertTrue(c.tokens().signed());
    }

    @Test
    void invalidHeaderName_isReported() {
        ConfigResult<HeaderConfig> r = provider.parse(ConfigView.of(PATH, Map.of("headerName", "X Node:")));
        assertEquals(PATH + ".headerName", r.errors().get(0).path());
        ConfigResult<HeaderConfig> r2 = provider.parse(ConfigView.of(PATH, Map.of("header", Map.of("signed", "no"))));
        assertEquals(
                PATH + ".header.signed: \"no\" (expected: true or false)",
                r2.errors().get(0).toString());
    }

    @Test
    void placement_isEchoed_andTheEchoRoutesBackToTheNode() {
        StickyStrategy.Router router = strategy(Map.of()).router(NodeSet.of(nodes));
        List<ResponseHeader> echo = router.onPlaced(nodes.get(2), RoutingRequest.forSession("s", "t"));
        assertEquals("X-MCPHub-Node", echo.get(0).name());
        RoutingRequest next =
                RoutingRequest.of("s", "t", Map.of("x-mcphub-node", echo.get(0).value()), Map.of());
        assertEquals("node-2", router.route(next).orElseThrow().id());
        assertEquals(echo, router.onPlaced(nodes.get(2), next), "echoed on every placement");
    }

    @Test
    void unknownUnhealthyOrForgedValue_isIgnored() {
        StickyStrategy.Router signed = strategy(Map.of()).router(NodeSet.of(nodes));
        assertTrue(signed.route(RoutingRequest.of("s", "t", Map.of("X-MCPHub-Node", "node-1"), Map.of()))
                .isEmpty());
        StickyStrategy plain = strategy(Map.of("headerName", "X-Node", "header", Map.of("signed", false)));
        StickyStrategy.Router router = plain.router(
                NodeSet.of(List.of(nodes.get(0), ((FakeNode) nodes.get(1)).withHealth(NodeHealth.SUSPECT))));
        assertEquals(
                "node-0",
                router.route(RoutingRequest.of("s", "t", Map.of("X-Node", "node-0"), Map.of()))
                        .orElseThrow()
                        .id());
        assertTrue(router.route(RoutingRequest.of("s", "t", Map.of("X-Node", "node-1"), Map.of()))
                .isEmpty());
        assertTrue(router.route(RoutingRequest.of("s", "t", Map.of("X-Node", "node-9"), Map.of()))
                .isEmpty());
    }
}
