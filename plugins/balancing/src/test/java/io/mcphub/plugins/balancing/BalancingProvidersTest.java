package io.mcphub.plugins.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.testing.FakeNode;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalancingProvidersTest {
    private static final String PATH = "systemConfig.cluster.loadBalancing";

    private static List<LoadBalancerProvider<?>> providers() {
        return ServiceLoader.load(LoadBalancerProvider.class).stream()
                .<LoadBalancerProvider<?>>map(ServiceLoader.Provider::get)
                .toList();
    }

    @Test
    void serviceLoader_findsAllFivePolicies() {
        assertEquals(
                Set.of("round-robin", "random", "least-connections", "weighted", "power-of-two"),
                providers().stream().map(LoadBalancerProvider::name).collect(Collectors.toSet()));
    }

    @Test
    void everyPolicy_acceptsAMissingBlock_andSkipsUnhealthyNodes() {
        List<NodeView> nodes = List.of(
                FakeNode.healthy("a", 1).withHealth(NodeHealth.UNHEALTHY),
                FakeNode.healthy("b", 1),
                FakeNode.healthy("c", 1).withHealth(NodeHealth.SUSPECT),
                FakeNode.healthy("d", 1));
        for (LoadBalancerProvider<?> p : providers()) {
            var picker = createDefault(p).picker(NodeSet.of(nodes));
            Map<String, Integer> counts = Picks.count(picker, 1000);
            assertEquals(Set.of("b", "d"), counts.keySet(), p.name());
        }
    }

    @Test
    void everyPolicy_hasNoNodeToGive_whenNoneIsHealthy() {
        List<NodeView> nodes = List.of(FakeNode.healthy("a", 1).withHealth(NodeHealth.UNHEALTHY));
        for (LoadBalancerProvider<?> p : providers()) {
            assertTrue(
                    createDefault(p)
                            .picker(NodeSet.of(nodes))
                            .pick(Picks.REQUEST)
                            .isEmpty(),
                    p.name());
            assertTrue(
                    createDefault(p).picker(NodeSet.empty()).pick(Picks.REQUEST).isEmpty(), p.name());
        }
    }

    @Test
    void aPolicyBlockThatIsNotAnObject_isReported() {
        for (LoadBalancerProvider<?> p : providers()) {
            ConfigResult<?> r = p.parse(ConfigView.of(PATH, Map.of(p.name(), 5)));
            assertEquals(
                    PATH + "." + p.name() + ": 5 (expected: an object)",
                    r.errors().get(0).toString());
        }
    }

    @Test
    void leastConnections_metric_validDefaultAndInvalid() {
        LeastConnectionsProvider p = new LeastConnectionsProvider();
        assertEquals(
                new LeastConnectionsConfig(true, true),
                p.parse(ConfigView.empty(PATH)).value());
        assertEquals(
                new LeastConnectionsConfig(true, false),
                p.parse(ConfigView.of(PATH, Map.of("least-connections", Map.of("metric", "sessions"))))
                        .value());
        assertEquals(
                PATH + ".least-connections.metric: \"bytes\" (expected: one of both, sessions, in-flight)",
                p.parse(ConfigView.of(PATH, Map.of("least-connections", Map.of("metric", "bytes"))))
                        .errors()
                        .get(0)
                        .toString());
    }

    @Test
    void powerOfTwo_options_validDefaultInvalidAndOutOfRange() {
        PowerOfTwoProvider p = new PowerOfTwoProvider();
        assertEquals(
                new PowerOfTwoConfig(0.3, 1000), p.parse(ConfigView.empty(PATH)).value());
        ConfigResult<PowerOfTwoConfig> bad = p.parse(
                ConfigView.of(PATH, Map.of("power-of-two", Map.of("ewmaAlpha", 0, "failurePenaltyMillis", -1))));
        assertEquals(
                List.of(
                        PATH + ".power-of-two.ewmaAlpha: 0 (expected: a number > 0 and <= 1)",
                        PATH + ".power-of-two.failurePenaltyMillis: -1 (expected: an integer from 0 to 60000)"),
                bad.errors().stream().map(ConfigProblem::toString).toList());
        ConfigResult<PowerOfTwoConfig> tooBig = p.parse(
                ConfigView.of(PATH, Map.of("power-of-two", Map.of("ewmaAlpha", 5, "failurePenaltyMillis", 999_999))));
        assertEquals(
                List.of(
                        PATH + ".power-of-two.ewmaAlpha: 5 (expected: a number > 0 and <= 1)",
                        PATH + ".power-of-two.failurePenaltyMillis: 999999 (expected: an integer from 0 to 60000)"),
                tooBig.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void weighted_weights_validDefaultInvalidAndOutOfRange() {
        WeightedProvider p = new WeightedProvider();
        assertEquals(Map.of(), p.parse(ConfigView.empty(PATH)).value().weights());
        ConfigResult<WeightedConfig> r = p.parse(ConfigView.of(
                PATH, Map.of("weighted", Map.of("weights", Map.of("node-1", 3, "node-2", 5000, "node-3", 0)))));
        assertFalse(r.isOk());
        assertEquals(
                List.of(
                        PATH + ".weighted.weights.node-2: 5000 (expected: an integer from 1 to 1000)",
                        PATH + ".weighted.weights.node-3: 0 (expected: an integer from 1 to 1000)"),
                r.errors().stream().map(ConfigProblem::toString).sorted().toList());
        ConfigResult<WeightedConfig> ok = p.parse(ConfigView.of(
                PATH, Map.of("weighted", Map.of("weights", Map.of("node-1", 3, "node-2", 1000)))));
        assertEquals(Map.of("node-1", 3, "node-2", 1000), ok.value().weights());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static LoadBalancer createDefault(LoadBalancerProvider p) {
        return p.create(p.parse(ConfigView.empty(PATH)).value());
    }
}
