package io.mcphub.testkit.conformance;

import java.util.List;

/** One scenario's checks; it passed when it ran and none of its checks failed (warnings are kept apart). */
public record ScenarioResult(String scenario, List<Check> checks, String runError) {

    public ScenarioResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return runError == null && !checks.isEmpty() && checks.stream().noneMatch(Check::failed);
    }

    public long successCount() {
        return checks.stream().filter(c -> Check.SUCCESS.equals(c.status())).count();
    }

    /** The failing checks' messages (or why the scenario did not run). */
    public List<String> failures() {
        if (runError != null) {
            return List.of(runError);
        }
        if (checks.isEmpty()) {
            return List.of("no checks recorded");
        }
        return checks.stream().filter(Check::failed).map(Check::message).toList();
    }

    public List<String> warnings() {
        return checks.stream()
                .filter(c -> Check.WARNING.equals(c.status()))
                .map(Check::message)
                .toList();
    }
}
