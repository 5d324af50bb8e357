package io.mcphub.testcluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.testkit.conformance.Baseline;
import io.mcphub.testkit.conformance.BaselineVerdict;
import io.mcphub.testkit.conformance.ConformanceResult;
import io.mcphub.testkit.conformance.ConformanceSuite;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official conformance suite's requirements of both revisions against the coordinator's {@code /mcp/fixture},
 * the fixture (both eras) running on two nodes: the cluster answers as one node does.
 */
class ClusterConformanceTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    servers.set("fixture", TestCluster.fixtureServer("fixture", "--era", "both"));
                    return servers;
                })
                .start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-28", "2025-11-25"})
    void requirementsOfEachRevision_passThroughTheCoordinator(String revision) {
        ConformanceResult result = ConformanceSuite.next()
                .timeout(Duration.ofMinutes(3))
                .requirements(cluster.coordinatorUrl() + "/mcp/fixture", revision);
        assertTrue(result.scenarios().size() > 20, result.summary());
        BaselineVerdict verdict = result.against(Baseline.fromResource("/conformance-baseline-cluster.txt"));
        assertTrue(verdict.ok(), verdict.describe() + "\n" + result.summary());
    }
}
