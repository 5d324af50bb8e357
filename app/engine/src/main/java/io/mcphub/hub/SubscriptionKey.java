package io.mcphub.hub;

/** A resource subscription as a session remembers it: which server, which URI. NUL cannot occur in either. */
final class SubscriptionKey {
    private SubscriptionKey() {}

    static String of(String server, String uri) {
        return server + '\0' + uri;
    }

    static String server(String key) {
        return key.substring(0, key.indexOf('\0'));
    }

    static String uri(String key) {
        return key.substring(key.indexOf('\0') + 1);
    }
}
