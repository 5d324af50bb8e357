package io.mcphub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.support.RunningHub;
import io.mcphub.testkit.conformance.Baseline;
import io.mcphub.testkit.conformance.BaselineVerdict;
import io.mcphub.testkit.conformance.ConformanceResult;
import io.mcphub.testkit.conformance.ConformanceSuite;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite, every server scenario, against the hub's /mcp/{server} in front of the fixture.
 */
class ConformanceTest {

    @Test
    void everyServerScenario_passesThroughTheHub() {
        try (RunningHub hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"fixture\": " + RunningHub.fixtureServer("fixture") + "}}", "fixture")) {
            ConformanceResult result = ConformanceSuite.create()
                    .timeout(Duration.ofMinutes(3))
                    .runAll(hub.url("/mcp/fixture").toString());
            assertEquals(
                    ConformanceSuite.ALL_SERVER_SCENARIOS, result.scenarios().size(), result.summary());
            BaselineVerdict verdict = result.against(Baseline.fromResource("/conformance-baseline-hub.txt"));
            assertTrue(verdict.ok(), verdict.describe());
        }
    }
}
