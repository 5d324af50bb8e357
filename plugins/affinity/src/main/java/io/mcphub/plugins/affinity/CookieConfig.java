package io.mcphub.plugins.affinity;

/**
 * The {@code cookie} strategy's options.
 *
 * @param cookieName {@code stickySession.cookieName} (MCPHub's key), default {@code MCPHUB_NODE}
 * @param httpOnly   {@code stickySession.cookie.httpOnly}, default true
 * @param secure     {@code stickySession.cookie.secure}, default false
 * @param sameSite   {@code stickySession.cookie.sameSite}: Strict, Lax (default) or None (needs secure)
 * @param maxAge     {@code stickySession.cookie.maxAge} in seconds, default 3600; 0 for a session cookie
 * @param path       {@code stickySession.cookie.path}, default {@code /}
 * @param tokens     {@code stickySession.cookie.signed} (default true) and {@code .secret}
 */
public record CookieConfig(
        String cookieName,
        boolean httpOnly,
        boolean secure,
        String sameSite,
        long maxAge,
        String path,
        TokenConfig tokens) {
    public static final String DEFAULT_NAME = "MCPHUB_NODE";
    public static final long DEFAULT_MAX_AGE = 3600;
    /** Browsers cap Max-Age at 400 days. */
    public static final long MAX_MAX_AGE = 400L * 24 * 3600;
}
