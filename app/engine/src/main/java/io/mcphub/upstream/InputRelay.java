package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.RequestContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A 2026-07-28 server's {@code input_required} answer, relayed to a 2025 client as one call: each input request
 * becomes the 2025 request on the client's session ({@code elicitation/create}, {@code sampling/createMessage},
 * {@code roots/list}), and the call is retried with the answers and the server's {@code requestState}, until the
 * server completes it (or {@link #MAX_ROUNDS} rounds). The client sees only the final result.
 */
final class InputRelay {
    static final int MAX_ROUNDS = 10;
    private static final AtomicLong IDS = new AtomicLong();

    /** Sends one round; {@code done} hears the call's final outcome. */
    interface Resend {
        PendingCall.Step send(JsonNode params, Consumer<CallOutcome> done);
    }

    private final Upstream server;
    private final UpstreamEvents events;

    InputRelay(Upstream server, UpstreamEvents events) {
        this.server = server;
        this.events = events;
    }

    /** Whether an outcome is an {@code input_required} answer the hub has to fulfil. */
    static boolean needsInput(CallOutcome outcome) {
        return outcome instanceof CallOutcome.Answered a
                && "input_required"
                        .equals(a.response().path("result").path("resultType").asText());
    }

    /** Completes {@code call} with {@code outcome}, or fulfils its input requests and sends the next round. */
    void settle(
            PendingCall call, JsonNode params, RequestContext context, Resend resend, CallOutcome outcome, int round) {
        if (!needsInput(outcome) || call.cancelled()) {
            call.complete(outcome);
            return;
        }
        ObjectNode response = ((CallOutcome.Answered) outcome).response();
        JsonNode result = response.path("result");
        if (context == null || round >= MAX_ROUNDS) {
            call.complete(new CallOutcome.Answered(JsonRpc.error(
                    response.get("id"),
                    JsonRpc.INTERNAL_ERROR,
                    context == null
                            ? server.name() + " asked for input, and no client can give it"
                            : server.name() + " still asked for input after " + MAX_ROUNDS + " rounds")));
            return;
        }
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<ObjectNode>> answers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        result.path("inputRequests").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode ask = JsonRpc.request(
                    TextNode.valueOf("mrtr-" + IDS.incrementAndGet()),
                    e.getValue().path("method").asText(),
                    e.getValue().path("params"));
            keys.add(e.getKey());
            answers.add(events.request(server, ask, context));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            ObjectNode next = params instanceof ObjectNode p ? p.deepCopy() : Json.object();
            ObjectNode responses = next.putObject("inputResponses");
            for (int i = 0; i < keys.size(); i++) {
                ObjectNode answer = answers.get(i).getNow(null);
                if (answer == null || answer.has("error")) {
                    String why = answer == null
                            ? String.valueOf(error)
                            : answer.path("error").path("message").asText();
                    call.complete(new CallOutcome.Answered(JsonRpc.error(
                            response.get("id"),
                            JsonRpc.INTERNAL_ERROR,
                            "the client could not answer " + server.name() + "'s input request '" + keys.get(i) + "': "
                                    + why)));
                    return;
                }
                responses.set(keys.get(i), answer.path("result"));
            }
            if (result.has("requestState")) {
                next.set("requestState", result.get("requestState"));
            } else {
                next.remove("requestState");
            }
            call.attach(resend.send(next, o -> settle(call, next, context, resend, o, round + 1)));
        });
    }
}
