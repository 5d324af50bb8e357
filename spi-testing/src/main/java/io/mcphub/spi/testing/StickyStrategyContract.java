package io.mcphub.spi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StickyStrategy} must do, whatever its policy. A plugin's test class extends this and supplies
 * the strategy under test (built from its provider with a valid config); JUnit runs the inherited tests.
 *
 * <pre>{@code
 * class MyStrategyContractTest extends StickyStrategyContract {
 *     protected StickyStrategy strategy() { return new MyProvider().create(MyConfig.DEFAULTS); }
 * }
 * }</pre>
 */
public abstract class StickyStrategyContract {
    /** The server the requests are for. */
    protected static final String SERVER = "everything";

    /** A new strategy under test, with a valid config. */
    protected abstract StickyStrategy strategy();

    /** The replicas the tests route over: five healthy nodes, one suspect, one unhealthy. */
    protected NodeSet replicas() {
        return FakeNode.mixedReplicas();
    }

    @Test
    void route_returnsOnlyHealthyMembersOfTheSnapshot() {
        NodeSet nodes = replicas();
        StickyStrategy.Router router = strategy().router(nodes);
        for (RoutingRequest r : RoutingRequests.sessions(500, SERVER)) {
            router.route(r).ifPresent(n -> assertHealthyMember(nodes, n, r));
        }
    }

    @Test
    void emptySnapshot_routesNowhere() {
        StickyStrategy.Router router = strategy().router(NodeSet.empty());
        for (RoutingRequest r : RoutingRequests.sessions(50, SERVER)) {
            assertEquals(Optional.empty(), router.route(r), "a route over no replicas for " + r);
        }
    }

    @Test
    void noHealthyReplica_routesNowhere() {
        NodeSet nodes = FakeNode.noHealthyReplica();
        StickyStrategy.Router router = strategy().router(nodes);
        for (RoutingRequest r : RoutingRequests.sessions(50, SERVER)) {
            assertEquals(Optional.empty(), router.route(r), "a route to an unhealthy replica for " + r);
        }
    }

    @Test
    void sameRequestOverTheSameSnapshot_getsTheSameAnswer() {
        NodeSet nodes = replicas();
        StickyStrategy strategy = strategy();
        StickyStrategy.Router first = strategy.router(nodes);
        StickyStrategy.Router second = strategy.router(nodes);
        for (RoutingRequest r : RoutingRequests.sessions(200, SERVER)) {
            Optional<NodeView> a = first.route(r);
            assertEquals(a, first.route(r), "asked twice: " + r);
            assertEquals(a.map(NodeView::id), second.route(r).map(NodeView::id), "a second router: " + r);
        }
    }

    @Test
    void hostileInput_neitherThrowsNorLeavesTheSnapshot() {
        NodeSet nodes = replicas();
        StickyStrategy.Router router = strategy().router(nodes);
        for (RoutingRequest r : RoutingRequests.hostile(SERVER)) {
            router.route(r).ifPresent(n -> assertHealthyMember(nodes, n, r));
            for (NodeView n : nodes.healthy()) {
                assertNotNull(router.onPlaced(n, r), "onPlaced for " + r);
            }
        }
    }

    @Test
    void whatOnPlacedAsksTheClientToCarry_leadsBackToThatNode() {
        NodeSet nodes = replicas();
        StickyStrategy.Router router = strategy().router(nodes);
        for (NodeView node : nodes.healthy()) {
            RoutingRequest fresh = RoutingRequest.forSession("s-" + node.id(), SERVER);
            List<ResponseHeader> headers = router.onPlaced(node, fresh);
            if (headers.isEmpty()) {
                continue;
            }
            RoutingRequest next = carrying(fresh.sessionId().orElseThrow(), headers);
            assertEquals(
                    Optional.of(node.id()),
                    router.route(next).map(NodeView::id),
                    "the next request carries " + headers);
        }
    }

    @Test
    void concurrentRoutes_agreeWithSequentialOnes() throws Exception {
        NodeSet nodes = replicas();
        StickyStrategy.Router router = strategy().router(nodes);
        List<RoutingRequest> requests = RoutingRequests.sessions(2000, SERVER);
        Map<RoutingRequest, Optional<String>> expected = new HashMap<>();
        for (RoutingRequest r : requests) {
            expected.put(r, router.route(r).map(NodeView::id));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (RoutingRequest r : requests) {
                        assertEquals(expected.get(r), router.route(r).map(NodeView::id), "concurrently: " + r);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The request a client sends next when it honours the response headers (cookies back, headers echoed). */
    protected static RoutingRequest carrying(String sessionId, List<ResponseHeader> headers) {
        Map<String, String> h = new HashMap<>();
        Map<String, String> c = new HashMap<>();
        for (ResponseHeader header : headers) {
            if (header.name().equalsIgnoreCase("Set-Cookie")) {
                String pair = header.value().split(";", 2)[0];
                int eq = pair.indexOf('=');
                c.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            } else {
                h.put(header.name(), header.value());
            }
        }
        return RoutingRequest.of(sessionId, SERVER, h, c);
    }

    private static void assertHealthyMember(NodeSet nodes, NodeView n, RoutingRequest r) {
        assertTrue(nodes.healthyById(n.id()).isPresent(), n.id() + " is not a healthy member, for " + r);
    }
}
