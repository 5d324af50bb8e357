package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;

/** A legacy SSE session's only stream: answers and everything else go down the same GET. */
public record SessionChannel(EventStream stream) implements ResponseChannel {
    @Override
    public boolean send(ObjectNode message) {
        return stream.append(message);
    }

    @Override
    public void respond(ObjectNode response) {
        stream.append(response);
    }
}
