package io.mcphub.testkit.conformance;

import java.util.List;

/**
 * A run judged against a baseline: {@link #ok()} when every failing scenario is listed. Listed scenarios
 * that now pass are reported as stale (the baseline should shrink), which does not fail the verdict.
 */
public record BaselineVerdict(List<String> unexpectedFailures, List<String> staleEntries, ConformanceResult result) {

    public boolean ok() {
        return unexpectedFailures.isEmpty();
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String s : unexpectedFailures) {
            sb.append("unexpected failure: ")
                    .append(s)
                    .append(": ")
                    .append(String.join("; ", result.scenario(s).failures()))
                    .append('\n');
        }
        for (String s : staleEntries) {
            sb.append("baseline entry now passes (remove it): ").append(s).append('\n');
        }
        sb.append(result.passed().size())
                .append(" passed, ")
                .append(result.failed().size())
                .append(" failed");
        return sb.toString();
    }
}
