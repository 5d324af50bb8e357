package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;
import io.mcphub.session.HttpView;
import io.mcphub.session.ResponseChannel;

/**
 * A legacy SSE session's only stream: answers and everything else go down the same GET.
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> nothing is null.
 */
public record SessionChannel(EventStream stream, HttpView http) implements ResponseChannel {
    public SessionChannel(EventStream stream) {
        this(stream, HttpView.NONE);
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
