package io.mcphub.session;

import io.mcphub.mode.ModeApi;
import java.util.List;

/** The MCP protocol revisions the hub speaks, newest first. */
@ModeApi
public final class ProtocolVersions {
    public static final String LATEST = "2025-11-25";
    public static final List<String> ALL = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    /** Assumed when a Streamable HTTP client sends no MCP-Protocol-Version header, as the spec says. */
    public static final String DEFAULT_HTTP = "2025-03-26";

    /** The stateless revision: every request carries its own envelope, there is no initialize and no session. */
    public static final String MODERN = "2026-07-28";
    /** The modern revisions the hub serves, newest first (what {@code server/discover} offers). */
    public static final List<String> MODERN_ALL = List.of(MODERN);

    private ProtocolVersions() {}

    /** Whether a version names the modern era (2026-07-28 or later; the dates compare as text). */
    public static boolean isModern(String version) {
        return version != null && version.compareTo(MODERN) >= 0;
    }

    public static boolean isSupported(String version) {
        return version != null && ALL.contains(version);
    }

    /** The version to answer an initialize with: the client's when we speak it, else our latest. */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
