package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.mode.ModeApi;

/**
 * A server as the hub's router sees it: a name, a status, a catalog, and calls. A local server is an
 * {@link UpstreamServer}; other kinds (a replica set on cluster nodes) implement the same contract.
 */
@ModeApi
public interface Upstream {
    String name();

    /** "stdio", "sse", "streamable-http", or another kind's own label. */
    String type();

    UpstreamStatus status();

    ServerCatalog catalog();

    /** Sends a client session's request; the returned call always completes with a response message. */
    PendingCall call(String method, JsonNode params, RequestOrigin origin);

    /** A client session's notification for the server (one the hub does not handle itself). */
    void notify(String method, JsonNode params, RequestOrigin origin);

    /** A client session ended; an upstream that keeps something per session lets it go. */
    default void sessionClosed(String sessionId) {}

    void stop();
}
