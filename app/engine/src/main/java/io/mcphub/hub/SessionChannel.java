package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;

/** A legacy SSE session's only stream: answers and everything else go down the same GET. */
public record SessionChannel(EventStream stream, ClientRequest request) implements ResponseChannel {
    public SessionChannel(EventStream stream) {
        this(stream, ClientRequest.NONE);
    }

    @Override
    public boolean send(ObjectNode message) {
        return stream.append(message);
    }

    @Override
    public void respond(ObjectNode response) {
        stream.append(response);
    }
}
