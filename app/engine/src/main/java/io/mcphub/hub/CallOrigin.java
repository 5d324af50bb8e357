package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.session.ClientSession;
import io.mcphub.upstream.RequestOrigin;

/** The client request an upstream call serves: its session, its id and the channel its messages go to. */
record CallOrigin(ClientSession session, JsonNode requestId, ResponseChannel channel) implements RequestOrigin {
    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public String header(String name) {
        return channel.request().header(name);
    }

    @Override
    public String cookie(String name) {
        return channel.request().cookie(name);
    }

    @Override
    public void addResponseHeader(String name, String value) {
        channel.request().addResponseHeader(name, value);
    }
}
