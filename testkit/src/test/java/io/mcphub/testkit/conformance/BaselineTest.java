package io.mcphub.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

    private static ConformanceResult result(ScenarioResult... scenarios) {
        Map<String, ScenarioResult> map = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            map.put(s.scenario(), s);
        }
        return new ConformanceResult(map, 0, "");
    }

    private static ScenarioResult passing(String name) {
        return new ScenarioResult(name, List.of(new Check("c", "C", Check.SUCCESS, "d", null)), null);
    }

    private static ScenarioResult failing(String name, String message) {
        return new ScenarioResult(
                name,
                List.of(
                        new Check("c", "C", Check.SUCCESS, "d", null),
                        new Check("f", "Broken", Check.FAILURE, "desc", message)),
                null);
    }

    @Test
    void parse_readsScenarioAndReasonAndSkipsComments() {
        Baseline b = Baseline.parse("# comment\n\nserver-sse-polling: needs resumable streams\n  ping : later \n");
        assertEquals(Map.of("server-sse-polling", "needs resumable streams", "ping", "later"), b.entries());
    }

    @Test
    void parse_rejectsAnEntryWithoutAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baseline.parse("ping\n"));
        assertTrue(e.getMessage().contains("line 1"));
    }

    @Test
    void verdict_failsOnAFailureTheBaselineDoesNotList() {
        BaselineVerdict v =
                result(passing("ping"), failing("tools-list", "missing tools")).against(Baseline.empty());
        assertFalse(v.ok());
        assertEquals(List.of("tools-list"), v.unexpectedFailures());
        assertTrue(v.describe().contains("Broken: missing tools"), v.describe());
    }

    @Test
    void verdict_allowsListedFailuresAndReportsStaleEntries() {
        Baseline b = Baseline.parse("tools-list: known\nping: was broken\n");
        BaselineVerdict v = result(passing("ping"), failing("tools-list", "x")).against(b);
        assertTrue(v.ok());
        assertEquals(List.of("ping"), v.staleEntries());
    }

    @Test
    void scenarioWithoutChecks_fails() {
        assertFalse(new ScenarioResult("x", List.of(), null).passed());
        assertFalse(new ScenarioResult("x", List.of(), "crashed").passed());
        assertTrue(new ScenarioResult("x", List.of(new Check("w", "W", Check.WARNING, "d", "m")), null).passed());
    }

    @Test
    void readChecks_parsesPerScenarioDirectories(@TempDir Path out) throws IOException {
        Path dir = Files.createDirectories(out.resolve("server-tools-call-error-2026-11-24T00-49-53-252Z"));
        Files.writeString(
                dir.resolve("checks.json"),
                "[{\"id\":\"tool-error\",\"name\":\"ToolsCallError\","
                        + "\"status\":\"FAILURE\",\"description\":\"d\",\"errorMessage\":\"Tool did not return "
                        + "isError: true\"}]");
        Map<String, List<Check>> checks = ConformanceSuite.readChecks(out);
        assertEquals(List.of("tools-call-error"), List.copyOf(checks.keySet()));
        ScenarioResult s = new ScenarioResult("tools-call-error", checks.get("tools-call-error"), null);
        assertEquals(List.of("ToolsCallError: Tool did not return isError: true"), s.failures());
    }

    @Test
    void fixtureBaseline_isOnTheClasspathAndParses() {
        assertTrue(Baseline.fromResource(Baseline.FIXTURE_RESOURCE).entries().isEmpty());
    }
}
