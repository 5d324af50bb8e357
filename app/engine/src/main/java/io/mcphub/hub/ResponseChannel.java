package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;

/**
 * Where the messages of one client request go: its answer, and the notifications and server requests that belong
 * to it. For Streamable HTTP that is the POST's own stream; for legacy SSE the session's one stream.
 */
public interface ResponseChannel {
    /** A message related to the request, before its answer. False when the channel has ended. */
    boolean send(ObjectNode message);

    /** The answer to one request of the exchange. */
    void respond(ObjectNode response);

    EventStream stream();

    /** The HTTP request that carried the client's message. */
    ClientRequest request();
}
