package io.mcphub.config;

import io.mcphub.spi.ConfigReader;
import java.util.List;

/**
 * Our extension, {@code systemConfig.dashboard}: the web page the hub serves for its operators.
 *
 * @param enabled false: no page and no {@code /api/events}; the path answers 404 as any unknown route
 * @param path    where the page is served, below MCPHub's {@code BASE_PATH}: {@code "/"} (the default) or a path
 *                such as {@code /dashboard}, never one of the hub's own routes
 */
public record DashboardConfig(boolean enabled, String path) {
    public static final DashboardConfig DEFAULTS = new DashboardConfig(true, "/");

    /** The hub's own first path segments: a dashboard there would hide them. */
    static final List<String> RESERVED = List.of("/mcp", "/sse", "/messages", "/health", "/api", "/metrics");

    /** Reads {@code systemConfig.dashboard}; problems go to {@code system} as {@code path: value (expected: ...)}. */
    static DashboardConfig read(ConfigReader system) {
        ConfigReader r = new ConfigReader(system.block("dashboard"));
        r.knownKeys(McpHubKeys.DASHBOARD.known());
        boolean enabled = r.bool("enabled", DEFAULTS.enabled());
        String raw = r.string("path", DEFAULTS.path(), s -> true, "a string");
        String path = normalize(raw);
        if (path == null) {
            r.error(
                    "path",
                    raw,
                    "a URL path such as / or /dashboard, not under one of the hub's own routes " + RESERVED);
            path = DEFAULTS.path();
        }
        system.addAll(r.result(Boolean.TRUE));
        return new DashboardConfig(enabled, path);
    }

    /** "/", or "/a/b" without a trailing slash; null when the path is malformed or reserved. */
    static String normalize(String raw) {
        String p = raw.trim();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return p;
        }
        if (!p.matches("(/[A-Za-z0-9._~-]+)+")) {
            return null;
        }
        for (String reserved : RESERVED) {
            if (p.equals(reserved) || p.startsWith(reserved + "/")) {
                return null;
            }
        }
        return p;
    }
}
