package io.mcphub.coordinator.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.coordinator.registry.ClusterMembership;
import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.ServerReplica;
import io.mcphub.hub.SessionChannel;
import io.mcphub.jsonrpc.Json;
import io.mcphub.runtime.TestModeContexts;
import io.mcphub.session.ClientSession;
import io.mcphub.session.RequestContext;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.support.RunningHub;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request on its way to a node is counted once for load-aware policies: by the balancer, from its one
 * {@code onStart} / {@code onEnd}, and not a second time by the coordinator (a count the policies never read, kept
 * on every request of the hot path). A real node (a hub serving the fixture) answers.
 */
class InFlightCountTest {
    private static final String SERVER = "fixture";
    private RunningHub node;
    /** The hub the coordinator side runs in (no servers of its own). */
    private RunningHub host;

    /** A load-aware balancer as the standard ones are: it counts what it hears. */
    private static final class CountingBalancer implements LoadBalancer {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();

        @Override
        public Picker picker(NodeSet nodes) {
            return request -> nodes.healthy().stream().findFirst();
        }

        @Override
        public void onStart(NodeView n) {
            started.incrementAndGet();
            inFlight.incrementAndGet();
        }

        @Override
        public void onEnd(NodeView n, long elapsedNanos, boolean failed) {
            ended.incrementAndGet();
            inFlight.decrementAndGet();
        }
    }

    private static final class Membership implements ClusterMembership {
        private final ClusterView view;

        Membership(ClusterView view) {
            this.view = view;
        }

        @Override
        public ClusterView view() {
            return view;
        }

        @Override
        public void addListener(Consumer<ClusterView> listener) {
            // one fixed view
        }

        @Override
        public void suspect(String nodeId, String reason) {
            // not expected here
        }
    }

    @BeforeEach
    void startNode() {
        host = RunningHub.start("{\"mcpServers\": {}}");
        node = RunningHub.startConnected(
                "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("n1") + "}}", SERVER);
    }

    @AfterEach
    void stopNode() {
        node.close();
        host.close();
    }

    @Test
    void aRequestInFlight_isCountedOnce_byTheBalancer_andNotAgainByTheCoordinator() throws Exception {
        ServerReplica replica = new ServerReplica(
                SERVER, "connected", "v1", node.hub().upstream(SERVER).catalog());
        NodeRecord record = new NodeRecord(
                "n1",
                "n1",
                "http://127.0.0.1:" + node.port(),
                1,
                NodeHealth.HEALTHY,
                Instant.now(),
                Instant.now(),
                Instant.now(),
                Map.of(SERVER, replica),
                0,
                0);
        ClusterView view = new ClusterView(1, Map.of("n1", record));
        CountingBalancer balancer = new CountingBalancer();
        ReplicaSet set = ReplicaSet.build(SERVER, view, new NodeLoad(), null, balancer);
        ReplicaSetUpstream upstream = new ReplicaSetUpstream(
                SERVER,
                set,
                TestModeContexts.of(host.hub(), "secret"),
                new Membership(view),
                new Placer(null),
                null,
                balancer,
                "secret",
                new CallOptions(Duration.ofSeconds(30), false, null));
        ClientSession session = new ClientSession(
                "client-1", ClientSession.Transport.STREAMABLE_HTTP, EndpointView.global(), 16, "2025-11-25");
        RequestContext context =
                RequestContext.of(session, IntNode.valueOf(1), SERVER, new SessionChannel(session.standalone()));
        try {
            ObjectNode params = Json.object().put("name", "sleep");
            params.putObject("arguments").put("ms", 1500);
            PendingCall call = upstream.call("tools/call", params, context);
            await().atMost(Duration.ofSeconds(10)).until(() -> balancer.started.get() == 1);
            NodeView placed = upstream.replicas().node("n1");
            assertEquals(1, balancer.inFlight.get(), "the balancer counts the request once");
            assertEquals(0, placed.inFlightRequests(), "the coordinator adds no count of its own to the node's");
            CallOutcome outcome = call.outcome().get(10, TimeUnit.SECONDS);
            assertEquals(CallOutcome.Kind.ANSWERED, outcome.kind(), outcome::toString);
            await().atMost(Duration.ofSeconds(5)).until(() -> balancer.ended.get() == 1);
            assertEquals(0, balancer.inFlight.get());
            assertEquals(1, balancer.started.get(), "one attempt, one start");
        } finally {
            upstream.stop();
        }
    }
}
