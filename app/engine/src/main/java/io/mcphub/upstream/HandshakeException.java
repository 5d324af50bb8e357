package io.mcphub.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.mode.ModeApi;

/** The server answered initialize with an error, or could not be reached: the error response says which. */
@ModeApi
public final class HandshakeException extends IllegalStateException {
    private final transient ObjectNode errorResponse;

    public HandshakeException(ObjectNode errorResponse) {
        super("initialize failed: " + errorResponse.path("error").path("message").asText(errorResponse.toString()));
        this.errorResponse = errorResponse;
    }

    /** The JSON-RPC error response, with the hub's {@code data.reached} / {@code data.peerDown} when it made it. */
    public ObjectNode errorResponse() {
        return errorResponse;
    }
}
