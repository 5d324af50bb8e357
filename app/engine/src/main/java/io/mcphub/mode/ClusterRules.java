package io.mcphub.mode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of the node protocol that a node applies to its own settings at start and the coordinator applies to
 * every registration: written once, so that what a node accepts the coordinator accepts too, and what the
 * coordinator would refuse stops the node at start with its config path.
 */
public final class ClusterRules {
    /** A node id: what {@link #isNodeId(String)} accepts, as a config message says it. */
    public static final String NODE_ID_EXPECTED =
            "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** A node's URL: what {@link #httpUrl(String)} accepts, as a config message says it. */
    public static final String URL_EXPECTED = "an absolute http(s) URL with a host, e.g. \"http://10.0.0.5:3001\"";
    /** The heartbeat interval's bounds, in milliseconds: below 100 ms it is a typo, not a setting. */
    public static final long MIN_HEARTBEAT_MS = 100;

    public static final long MAX_HEARTBEAT_MS = 3_600_000;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_NAME_LENGTH = 256;
    /** A node's display name: what {@link #isNodeName(String)} accepts, as a config message says it. */
    public static final String NAME_EXPECTED =
            "a string of at most " + MAX_NAME_LENGTH + " characters, without control characters";

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ClusterRules() {}

    public static boolean isNodeId(String id) {
        return id != null && NODE_ID.matcher(id).matches();
    }

    /**
     * The URL without a trailing slash when it is an absolute http(s) URL with a host and no query, fragment or user
     * info (a node's base URL, to which paths are appended); empty otherwise.
     */
    public static Optional<String> httpUrl(String url) {
        if (url == null || url.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        String s = url.trim();
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            if (!http
                    || u.getHost() == null
                    || u.getQuery() != null
                    || u.getFragment() != null
                    || u.getUserInfo() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return Optional.of(s);
    }

    /** A display name the coordinator shows (a blank one it replaces with the id). */
    public static boolean isNodeName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }

    public static boolean isHeartbeatInterval(long millis) {
        return millis >= MIN_HEARTBEAT_MS && millis <= MAX_HEARTBEAT_MS;
    }

    /** The heartbeat interval's bounds as a config message says them. */
    public static String heartbeatExpected() {
        return "an integer from " + MIN_HEARTBEAT_MS + " to " + MAX_HEARTBEAT_MS + " (milliseconds)";
    }
}
