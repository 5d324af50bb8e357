package io.mcphub.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One problem with a config value, reported as {@code path: value (expected: ...)}, e.g.
 * {@code systemConfig.cluster.stickySession.strategy: "sticky" (expected: one of consistent-hash, cookie)}.
 *
 * @param path     the JSON path of the value
 * @param value    the value as it appeared, rendered as JSON ({@code "text"}, {@code 5}, {@code true},
 *                 {@code (missing)})
 * @param expected what would have been accepted, in words
 */
public record ConfigProblem(String path, String value, String expected) {
    /** How an absent value is shown, everywhere: {@code mcpServers.x.url: (missing) (expected: ...)}. */
    public static final String MISSING = "(missing)";

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** A problem about {@code rawValue}, which is rendered as JSON for the message. */
    public static ConfigProblem of(String path, Object rawValue, String expected) {
        return new ConfigProblem(path, render(rawValue), expected);
    }

    /** Renders a config value as it would appear in JSON, so that messages quote strings. */
    public static String render(Object v) {
        if (v == null) {
            return MISSING;
        }
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof ConfigView) {
            return "{...}";
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            return v instanceof List<?> l ? "[" + l.size() + " items]" : "{...}";
        }
        return String.valueOf(v);
    }

    /** The message: {@code path: value (expected: ...)}. */
    @Override
    public String toString() {
        return path + ": " + value + " (expected: " + expected + ")";
    }
}
