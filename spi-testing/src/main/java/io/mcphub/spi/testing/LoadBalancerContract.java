package io.mcphub.spi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.RoutingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LoadBalancer} must do, whatever its policy. A plugin's test class extends this and supplies the
 * balancer under test (built from its provider with a valid config); JUnit runs the inherited tests.
 */
public abstract class LoadBalancerContract {
    private static final RoutingRequest REQUEST = RoutingRequest.forSession("s", "everything");

    /** A new balancer under test, with a valid config. */
    protected abstract LoadBalancer balancer();

    /** The replicas the tests pick from: five healthy nodes, one suspect, one unhealthy. */
    protected NodeSet replicas() {
        return FakeNode.mixedReplicas();
    }

    @Test
    void pick_returnsOnlyHealthyMembers_andAlwaysOneWhileAnyIsHealthy() {
        NodeSet nodes = replicas();
        LoadBalancer balancer = balancer();
        LoadBalancer.Picker picker = balancer.picker(nodes);
        for (int i = 0; i < 1000; i++) {
            NodeView n = picker.pick(REQUEST).orElseThrow(() -> new AssertionError("no pick among healthy replicas"));
            assertTrue(nodes.healthyById(n.id()).isPresent(), n.id() + " is not a healthy member");
            balancer.onStart(n);
            balancer.onEnd(n, 1_000, false);
        }
    }

    @Test
    void emptySnapshot_picksNothing() {
        assertEquals(Optional.empty(), balancer().picker(NodeSet.empty()).pick(REQUEST));
    }

    @Test
    void noHealthyReplica_picksNothing() {
        NodeSet nodes = FakeNode.noHealthyReplica();
        assertEquals(Optional.empty(), balancer().picker(nodes).pick(REQUEST));
    }

    @Test
    void loadThatEnds_leavesEveryHealthyReplicaReachable() {
        NodeSet nodes = NodeSet.of(FakeNode.healthy(3));
        LoadBalancer balancer = balancer();
        LoadBalancer.Picker picker = balancer.picker(nodes);
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 3000 && seen.size() < 3; i++) {
            NodeView n = picker.pick(REQUEST).orElseThrow();
            ((FakeNode) n).inFlight().incrementAndGet();
            balancer.onStart(n);
            seen.add(n.id());
            if (i % 2 == 1) {
                continue;
            }
            ((FakeNode) n).inFlight().decrementAndGet();
            balancer.onEnd(n, 1_000_000, i % 7 == 0);
        }
        assertEquals(Set.of("node-0", "node-1", "node-2"), seen, "replicas picked while load comes and goes");
    }

    @Test
    void concurrentPicksAndLoadEvents_neverFail() throws Exception {
        NodeSet nodes = replicas();
        LoadBalancer balancer = balancer();
        LoadBalancer.Picker picker = balancer.picker(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    int picks = 0;
                    for (int i = 0; i < 5000; i++) {
                        NodeView n = picker.pick(REQUEST).orElseThrow();
                        assertTrue(n.isHealthy(), n.id());
                        balancer.onStart(n);
                        balancer.onEnd(n, 10_000, false);
                        picks++;
                    }
                    return picks;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(20_000, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
