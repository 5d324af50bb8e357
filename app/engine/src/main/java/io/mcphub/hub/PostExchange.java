package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.session.EventStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The stream of one Streamable HTTP POST: it ends when every request in the POST has its answer. */
public final class PostExchange implements ResponseChannel {
    private final EventStream stream;
    private final Set<JsonNode> waiting = ConcurrentHashMap.newKeySet();
    private final ClientRequest request;

    public PostExchange(EventStream stream, Iterable<JsonNode> requestIds, ClientRequest request) {
        this.stream = stream;
        this.request = request;
        requestIds.forEach(waiting::add);
        if (waiting.isEmpty()) stream.finish();
    }

    @Override
    public boolean send(ObjectNode message) {
        return stream.append(message);
    }

    @Override
    public void respond(ObjectNode response) {
        stream.append(response);
        if (waiting.remove(response.get("id")) && waiting.isEmpty()) stream.finish();
    }

    @Override
    public EventStream stream() {
        return stream;
    }

    @Override
    public ClientRequest request() {
        return request;
    }
}
