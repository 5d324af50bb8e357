package io.mcphub.testkit.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The outcome of one conformance run: scenario name to result, in run order, plus the CLI's output. */
public record ConformanceResult(Map<String, ScenarioResult> scenarios, int exitCode, String output) {

    public ConformanceResult {
        scenarios = Collections.unmodifiableMap(new LinkedHashMap<>(scenarios));
    }

    public List<String> passed() {
        return scenarios.values().stream()
                .filter(ScenarioResult::passed)
                .map(ScenarioResult::scenario)
                .toList();
    }

    public List<String> failed() {
        return scenarios.values().stream()
                .filter(s -> !s.passed())
                .map(ScenarioResult::scenario)
                .toList();
    }

    public ScenarioResult scenario(String name) {
        return scenarios.get(name);
    }

    /** Compares with a baseline: failures it does not list are regressions; listed scenarios that pass are stale. */
    public BaselineVerdict against(Baseline baseline) {
        List<String> unexpected =
                failed().stream().filter(s -> !baseline.allows(s)).toList();
        List<String> stale = baseline.entries().keySet().stream()
                .filter(s -> scenarios.containsKey(s) && scenarios.get(s).passed())
                .toList();
        return new BaselineVerdict(unexpected, stale, this);
    }

    /** One line per scenario: "PASS name" or "FAIL name: messages". */
    public String summary() {
        return scenarios.values().stream()
                        .map(s -> s.passed()
                                ? "PASS " + s.scenario()
                                : "FAIL " + s.scenario() + ": " + String.join("; ", s.failures()))
                        .collect(Collectors.joining("\n"))
                + "\n" + passed().size() + " passed, " + failed().size() + " failed";
    }
}
