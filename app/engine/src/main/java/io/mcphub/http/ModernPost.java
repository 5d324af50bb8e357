package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.hub.Hub;
import io.mcphub.hub.ModernExchange;
import io.mcphub.hub.PostExchange;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.Envelope;
import io.mcphub.modern.ModernRefusal;
import io.mcphub.modern.RequestStates;
import io.mcphub.session.ClientSession;
import io.mcphub.upstream.ModernWire;
import java.io.IOException;
import java.util.List;

/**
 * A 2026-07-28 POST on an MCP endpoint: one request, checked against its headers and served statelessly on a
 * session of its own that ends with it (or, when a 2025 server asks the client something mid-call, when the call the
 * hub holds for the client's retry ends). Closing the stream cancels the request.
 */
final class ModernPost {
    /** MCPHub's header for a client's state key; it also keys per-session servers for stateless clients. */
    static final String STATE_ID_HEADER = "X-MCPHub-State-Id";
    /** Where a coordinator puts its client's key on the request it sends to a node. */
    static final String CLIENT_KEY_META = ModernWire.CLIENT_KEY;

    private final Hub hub;
    private final StreamableHttpHandler answers;

    ModernPost(Hub hub, StreamableHttpHandler answers) {
        this.hub = hub;
        this.answers = answers;
    }

    void post(EdgeExchange ctx, EndpointView view, IncomingMessages in, boolean sseOk) throws IOException {
        if (in.batch()) {
            throw new HttpProblem(
                    400,
                    JsonRpc.error(
                            null,
                            JsonRpc.INVALID_REQUEST,
                            "Invalid Request: a 2026-07-28 request is sent alone, not in a batch"));
        }
        ObjectNode message = in.messages().get(0);
        switch (JsonRpc.kind(message)) {
            case REQUEST -> request(ctx, view, message, sseOk);
            case NOTIFICATION -> ctx.status(202); // cancellation over HTTP is closing the stream: nothing to do
            default ->
                throw new HttpProblem(
                        400,
                        JsonRpc.error(
                                message.get("id"),
                                JsonRpc.INVALID_REQUEST,
                                "Invalid Request: a 2026-07-28 client answers no server requests"
                                        + " (input is given with the retry's inputResponses)"));
        }
    }

    private void request(EdgeExchange ctx, EndpointView view, ObjectNode message, boolean sseOk) {
        JsonNode id = message.get("id");
        ModernRefusal refused = Envelope.check(message, ctx::header);
        if (refused != null) {
            throw new HttpProblem(refused.httpStatus(), refused.toResponse(id));
        }
        ClientSession session = hub.openStateless(view, Envelope.of(message), correlationKey(ctx, message));
        LiveHttpView request = new LiveHttpView(ctx);
        PostExchange post = new PostExchange(session.newStream(), List.of(id), request);
        ModernExchange exchange = hub.modernExchange(post, message);
        try {
            hub.request(session, message, exchange);
        } catch (RuntimeException e) {
            request.detach(post.awaitingAnswers());
            hub.endStateless(session, exchange, true);
            throw e;
        }
        answers.answerLater(ctx, session, post, request, false, sseOk, false, written -> {
            request.detach(post.awaitingAnswers());
            // a client that went away before its answer cancels the request
            hub.endStateless(session, exchange, !written);
        });
    }

    /** What ties a stateless client's requests together for per-session servers: its state id, or its credentials. */
    private static String correlationKey(EdgeExchange ctx, ObjectNode message) {
        String state = ctx.header(STATE_ID_HEADER);
        if (state != null && !state.isBlank()) {
            return "state:" + state;
        }
        // a coordinator passes its client's key on to the node in the envelope (its own requests have no such header)
        JsonNode meta = message.path("params").path("_meta");
        JsonNode passed = meta.get(CLIENT_KEY_META);
        if (passed != null) {
            ((ObjectNode) meta).remove(CLIENT_KEY_META); // the hub's own key goes no further
            if (passed.isTextual() && !passed.asText().isBlank()) {
                return passed.asText();
            }
        }
        String caller = RequestStates.caller(ctx.header("Authorization"));
        return caller.isEmpty() ? null : "auth:" + caller;
    }
}
