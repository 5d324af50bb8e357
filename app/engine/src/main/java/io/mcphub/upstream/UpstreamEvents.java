package io.mcphub.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.mode.ModeApi;
import java.util.concurrent.CompletableFuture;

/** What the hub hears from its upstreams. Called on upstream threads: implementations must not block. */
@ModeApi
public interface UpstreamEvents {
    void statusChanged(Upstream server);

    /** The server's catalog was replaced (connected, disconnected, or a list changed). */
    void catalogChanged(Upstream server);

    /** A notification; {@code origin} is the client request it belongs to, or null when nobody can tell. */
    void notification(Upstream server, ObjectNode notification, RequestOrigin origin);

    /** A server-to-client request (sampling, elicitation, roots); the answer goes back to the server. */
    CompletableFuture<ObjectNode> request(Upstream server, ObjectNode request, RequestOrigin origin);
}
