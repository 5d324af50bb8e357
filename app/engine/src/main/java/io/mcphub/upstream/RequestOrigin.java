package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;

/**
 * Who caused an upstream request: the hub's client session and its request. Opaque to the upstream layer, which
 * hands it back with the notifications and server-to-client requests that belong to that request.
 */
@ModeApi
public interface RequestOrigin {
    /** The client session, by id. */
    String sessionId();

    /** A header of the client's HTTP request, for routing; null when absent or unknown. */
    default String header(String name) {
        return null;
    }

    /** A cookie of the client's HTTP request; null when absent or unknown. */
    default String cookie(String name) {
        return null;
    }

    /** Asks the transport to add a header to the client's answer (ignored where it is too late or impossible). */
    default void addResponseHeader(String name, String value) {}

    /** An origin that names only a session: messages from a connection that serves that one session. */
    static RequestOrigin ofSession(String sessionId) {
        return new SessionOnly(sessionId);
    }

    record SessionOnly(String sessionId) implements RequestOrigin {}
}
