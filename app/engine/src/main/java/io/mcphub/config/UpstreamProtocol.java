package io.mcphub.config;

import java.util.List;

/**
 * Which MCP era the hub speaks to a server ({@code protocol}): {@code auto} probes with {@code server/discover} and
 * falls back to {@code initialize}; a pinned era skips the probe, for a server that misbehaves under probing.
 */
public enum UpstreamProtocol {
    AUTO("auto"),
    LEGACY("2025-11-25"),
    MODERN("2026-07-28");

    public static final List<String> NAMES = List.of("auto", "2025-11-25", "2026-07-28");
    private final String configName;

    UpstreamProtocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The value of a name in {@link #NAMES}. */
    public static UpstreamProtocol of(String name) {
        for (UpstreamProtocol p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return AUTO;
    }
}
