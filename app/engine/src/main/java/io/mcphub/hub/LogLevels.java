package io.mcphub.hub;

import java.util.List;

/** MCP's log levels (RFC 5424 names), lowest first. */
final class LogLevels {
    static final List<String> NAMES =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private LogLevels() {}

    static int rank(String level) {
        return level == null ? -1 : NAMES.indexOf(level);
    }

    /** True when a message at {@code level} passes a session that asked for {@code threshold} (null: everything). */
    static boolean passes(String level, String threshold) {
        if (threshold == null) {
            return true;
        }
        int l = rank(level);
        return l < 0 || l >= rank(threshold);
    }
}
