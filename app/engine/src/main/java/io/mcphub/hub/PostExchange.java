package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;
import io.mcphub.session.HttpView;
import io.mcphub.session.ResponseChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream of one Streamable HTTP POST: it ends when every request in the POST has its answer.
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> nothing is null.
 */
public final class PostExchange implements ResponseChannel {
    private final EventStream stream;
    private final Set<JsonNode> waiting = ConcurrentHashMap.newKeySet();
    private final HttpView http;

    public PostExchange(EventStream stream, Iterable<JsonNode> requestIds, HttpView http) {
        this.stream = stream;
        this.http = http;
        requestIds.forEach(waiting::add);
        if (waiting.isEmpty()) {
            stream.finish();
        }
    }

    @Override
    public boolean send(ObjectNode message) {
        return stream.append(message);
    }

    @Override
    public void respond(ObjectNode response) {
        stream.append(response);
        if (waiting.remove(response.get("id")) && waiting.isEmpty()) {
            stream.finish();
        }
    }

    /** True while some request of the POST has no answer yet. */
    public boolean awaitingAnswers() {
        return !waiting.isEmpty();
    }

    @Override
    public EventStream stream() {
        return stream;
    }

    @Override
    public HttpView http() {
        return http;
    }
}
