package io.mcphub.session;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the messages of one client request go: its answer, and the notifications and server requests that belong
 * to it. For Streamable HTTP that is the POST's own stream; for legacy SSE the session's one stream.
 *
 * <p><b>Threading:</b> safe for any thread (answers come on upstream reader threads). <b>Nullability:</b> nothing
 * returns null.
 */
public interface ResponseChannel {
    /** A message related to the request, before its answer. False when the channel has ended. */
    boolean send(ObjectNode message);

    /** The answer to one request of the exchange. */
    void respond(ObjectNode response);

    EventStream stream();

    /** The HTTP request that carried the client's message ({@link HttpView#NONE} when there is none). */
    HttpView http();
}
