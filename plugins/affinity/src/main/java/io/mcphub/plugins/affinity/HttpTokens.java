package io.mcphub.plugins.affinity;

import java.util.regex.Pattern;

/** RFC 7230 tokens: what a header name or a cookie name may be. */
final class HttpTokens {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private HttpTokens() {}

    static boolean isToken(String s) {
        return TOKEN.matcher(s).matches();
    }
}
