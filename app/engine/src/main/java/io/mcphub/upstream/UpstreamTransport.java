package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.RequestContext;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A byte-level connection to one MCP server: stdio process, Streamable HTTP or legacy SSE. */
public interface UpstreamTransport {

    /** Opens the connection. Inbound messages go to {@code listener}, on the transport's own threads. */
    void start(Listener listener) throws IOException;

    /**
     * Hands one message to the server. The future fails with {@link DeliveryException} when the message did not
     * get there, and says whether the server may have seen it.
     */
    CompletableFuture<Void> send(ObjectNode message);

    /** Hands one message that {@code context} caused to the server (HTTP transports pass some of its headers on). */
    default CompletableFuture<Void> send(ObjectNode message, RequestContext context) {
        return send(message);
    }

    /**
     * Switches the connection to the 2026-07-28 era (true: no session, headers mirroring each request's body, no
     * standalone stream) or back to the 2025 one; set before the era's first request.
     */
    default void modern(boolean on) {}

    /** Called once the MCP handshake is done, with the negotiated protocol version. */
    default void initialized(String protocolVersion) {}

    void close();

    /** A short description for logs and status: the command line or the URL. */
    String describe();

    interface Listener {
        /**
         * One message from the server. {@code relatedRequestId} is the id of the request whose HTTP exchange carried
         * it, when the transport knows (Streamable HTTP), else null.
         */
        void onMessage(ObjectNode message, JsonNode relatedRequestId);

        /** The connection is gone (process exit, stream closed, session expired); no more messages will come. */
        void onClosed(String reason);

        /**
         * The stream that was to carry the answer to request {@code requestId} ended without it and cannot be resumed
         * (a 2026-07-28 stream has no event ids; a 2025 server refused to resume): the request may have run, and no
         * answer will come for it.
         */
        default void onRequestLost(JsonNode requestId, String reason) {}
    }
}
