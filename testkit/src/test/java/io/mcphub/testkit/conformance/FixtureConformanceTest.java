package io.mcphub.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.interop.FreePort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture's own HTTP mode against the whole conformance suite: proves the fixture and the runner. */
class FixtureConformanceTest {

    @Test
    void fixtureHttp_passesEveryServerScenarioOrItsBaselineSaysWhy() {
        try (FixtureProcess fixture = FixtureProcess.startHttp("conformance-fixture")) {
            ConformanceResult result = ConformanceSuite.create().runAll(fixture.url());
            assertEquals(
                    ConformanceSuite.ALL_SERVER_SCENARIOS, result.scenarios().size(), result.summary());
            BaselineVerdict verdict = result.against(Baseline.fromResource(Baseline.FIXTURE_RESOURCE));
            assertTrue(verdict.ok(), verdict.describe() + "\n" + result.output());
            assertTrue(result.scenario("dns-rebinding-protection").passed());
            assertTrue(result.scenario("server-sse-polling").passed());
        }
    }

    @Test
    void dualEraFixture_passesEveryScenarioThe2026And2025RevisionsRequire() {
        try (FixtureProcess fixture = FixtureProcess.startHttp("conformance-both", "--era", "both")) {
            for (String revision : List.of("2026-07-28", "2025-11-25")) {
                ConformanceResult result = ConformanceSuite.next().requirements(fixture.url(), revision);
                assertTrue(result.scenarios().size() > 20, result.summary());
                assertEquals(List.of(), result.failed(), revision + "\n" + result.summary());
            }
        }
    }

    @Test
    void modernOnlyFixture_passesEveryScenarioThe2026RevisionRequires() {
        try (FixtureProcess fixture = FixtureProcess.startHttp("conformance-2026", "--era", "2026")) {
            ConformanceResult result = ConformanceSuite.next().requirements(fixture.url(), "2026-07-28");
            assertTrue(result.passed().contains("input-required-result-tampered-state"), result.summary());
            assertEquals(List.of(), result.failed(), result.summary());
        }
    }

    @Test
    void brokenServer_failsTheScenarios() {
        // a URL where nothing listens: every scenario must come back failed, not silently passed
        int port = FreePort.find();
        ConformanceResult result = ConformanceSuite.create()
                .runScenarios("http://localhost:" + port + "/mcp", List.of("ping", "tools-list"));
        assertEquals(List.of("ping", "tools-list"), result.failed(), result.summary());
    }
}
