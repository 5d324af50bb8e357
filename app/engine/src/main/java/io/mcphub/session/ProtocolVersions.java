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

    private ProtocolVersions() {}

    public static boolean isSupported(String version) {
        return version != null && ALL.contains(version);
    }

    /** The version to answer an initialize with: the client's when we speak it, else our latest. */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
