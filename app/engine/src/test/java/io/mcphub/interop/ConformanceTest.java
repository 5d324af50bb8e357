package io.mcphub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.support.RunningHub;
import io.mcphub.testkit.conformance.Baseline;
import io.mcphub.testkit.conformance.BaselineVerdict;
import io.mcphub.testkit.conformance.ConformanceResult;
import io.mcphub.testkit.conformance.ConformanceSuite;
import io.mcphub.testkit.fixture.FixtureProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * The suite's 2025-11-25 requirements (0.2.0-alpha.12) through /mcp/{server}, in front of a fixture that speaks
     * only 2026-07-28: the hub relays a modern upstream to 2025 clients, input requests and list changes included.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void requirementsOf2025_passThroughTheHub_inFrontOfAModernOnlyServer(String transport) {
        FixtureProcess remote = "http".equals(transport) ? FixtureProcess.startHttp("fixture", "--era", "2026") : null;
        String server = remote == null
                ? RunningHub.fixtureServer("fixture", "--era", "2026")
                : "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(remote.url()) + "}";
        try (RunningHub hub = RunningHub.startConnected("{\"mcpServers\": {\"fixture\": " + server + "}}", "fixture")) {
            assertEquals("2026-07-28", hub.hub().upstream("fixture").catalog().protocolVersion());
            ConformanceResult result = ConformanceSuite.next()
                    .timeout(Duration.ofMinutes(3))
                    .requirements(hub.url("/mcp/fixture").toString(), "2025-11-25");
            assertTrue(result.scenarios().size() > 20, result.summary());
            BaselineVerdict verdict =
                    result.against(Baseline.fromResource("/conformance-baseline-hub-modern-upstream.txt"));
            assertTrue(verdict.ok(), verdict.describe() + "\n" + result.summary());
        } finally {
            if (remote != null) {
                remote.close();
            }
        }
    }

    /**
     * The suite's 2026-07-28 requirements (0.2.0-alpha.12) through /mcp/{server}, in front of a fixture that speaks
     * only 2026-07-28 over stdio or over HTTP: the hub serves modern clients statelessly (server/discover, the
     * envelope and header checks, input_required with its wrapped requestState, subscriptions/listen).
     */
    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void requirementsOf2026_passThroughTheHub_inFrontOfAModernOnlyServer(String transport) {
        FixtureProcess remote = "http".equals(transport) ? FixtureProcess.startHttp("fixture", "--era", "2026") : null;
        String server = remote == null
                ? RunningHub.fixtureServer("fixture", "--era", "2026")
                : "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(remote.url()) + "}";
        try (RunningHub hub = RunningHub.startConnected("{\"mcpServers\": {\"fixture\": " + server + "}}", "fixture")) {
            assertEquals("2026-07-28", hub.hub().upstream("fixture").catalog().protocolVersion());
            ConformanceResult result = ConformanceSuite.next()
                    .timeout(Duration.ofMinutes(3))
                    .requirements(hub.url("/mcp/fixture").toString(), "2026-07-28");
            assertTrue(result.scenarios().size() > 20, result.summary());
            BaselineVerdict verdict = result.against(Baseline.fromResource("/conformance-baseline-hub-modern.txt"));
            assertTrue(verdict.ok(), verdict.describe() + "\n" + result.summary());
        } finally {
            if (remote != null) {
                remote.close();
            }
        }
    }
}
