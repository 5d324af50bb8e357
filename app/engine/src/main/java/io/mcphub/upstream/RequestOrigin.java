package io.mcphub.upstream;

/**
 * Who caused an upstream request: the hub's client session and its request. Opaque to the upstream layer, which
 * hands it back with the notifications and server-to-client requests that belong to that request.
 */
public interface RequestOrigin {
    /** The client session, by id. */
    String sessionId();

    /** An origin that names only a session: messages from a connection that serves that one session. */
    static RequestOrigin ofSession(String sessionId) {
        return new SessionOnly(sessionId);
    }

    record SessionOnly(String sessionId) implements RequestOrigin {}
}
