package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.RequestStates;
import io.mcphub.session.ClientSession;
import io.mcphub.session.ResponseChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 2025 server's question (elicitation, sampling, roots) during a 2026-07-28 client's call: a stateless client
 * cannot be asked, so the hub answers the client's POST with {@code input_required} whose state names the call it
 * holds open, and delivers the client's {@code inputResponses} to the server when the retry comes. A question the
 * retry does not answer is asked again; one that gets no retry within the server's timeout is answered with an error
 * by {@link ServerMessageRouter}, and the held call is released when the server finishes it.
 *
 * <p><b>Threading:</b> safe for any thread; a held call's state is guarded by the held call.
 */
final class HeldCalls {
    private static final AtomicLong IDS = new AtomicLong();

    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    private final RequestStates states;

    HeldCalls(RequestStates states) {
        this.states = states;
    }

    /** One call held open, and the questions its server asked that the client has not answered yet. */
    static final class Held {
        final String id;
        final String server;
        final ModernExchange exchange;
        final Duration ttl;
        final Map<String, Question> open = new LinkedHashMap<>();
        boolean awaitingRetry;
        int next;

        Held(String id, String server, ModernExchange exchange, Duration ttl) {
            this.id = id;
            this.server = server;
            this.exchange = exchange;
            this.ttl = ttl;
        }
    }

    private record Question(ObjectNode request, CompletableFuture<ObjectNode> answer) {}

    /** How many calls are held (for tests and the operator's view). */
    int size() {
        return byId.size();
    }

    /**
     * The server's question, put to the client as {@code input_required} on the request's current POST (or the next
     * one, when the client is still answering an earlier question); the future is the client's answer.
     */
    CompletableFuture<ObjectNode> ask(
            String server, ObjectNode question, ModernExchange exchange, ClientSession session, Duration ttl) {
        Held h;
        synchronized (exchange) {
            h = exchange.held();
            if (h == null) {
                h = new Held("held-" + IDS.incrementAndGet(), server, exchange, ttl);
                exchange.held(h);
                byId.put(h.id, h);
                Held registered = h;
                exchange.onFinal(() -> {
                    byId.remove(registered.id);
                    // the request's own session ended with its first POST: release what the call left behind
                    session.close("the held call finished");
                });
            }
        }
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        Held held = h;
        answer.completeOnTimeout(
                        JsonRpc.error(
                                null,
                                JsonRpc.REQUEST_TIMEOUT,
                                "the client did not retry with an answer to " + JsonRpc.method(question) + " within "
                                        + ttl.toMillis() + " ms"),
                        ttl.toMillis(),
                        TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    synchronized (held) {
                        held.open.values().removeIf(q -> q.answer() == answer);
                    }
                });
        synchronized (h) {
            h.open.put("input-" + ++h.next, new Question(question, answer));
            if (!h.awaitingRetry) {
                putToClient(h);
            }
        }
        return answer;
    }

    /** Answers the current POST with every open question. Called holding {@code h}. */
    private void putToClient(Held h) {
        ObjectNode result = Json.object().put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        for (Map.Entry<String, Question> q : h.open.entrySet()) {
            ObjectNode r = requests.putObject(q.getKey());
            r.put("method", JsonRpc.method(q.getValue().request()));
            JsonNode params = q.getValue().request().get("params");
            r.set("params", params == null ? Json.object() : params);
        }
        result.put(
                "requestState",
                states.seal(
                        RequestStates.Kind.HELD,
                        h.server,
                        h.id,
                        h.exchange.method(),
                        h.exchange.exposedName(),
                        h.exchange.caller(),
                        h.ttl));
        h.awaitingRetry = true;
        h.exchange.respond(JsonRpc.result(null, result));
    }

    /**
     * A retry came back with answers: the call's messages go to the retry's POST from now on, the answers to the
     * server. False when the call is no longer held (it finished, or timed out).
     */
    boolean resume(String heldId, JsonNode inputResponses, ResponseChannel retry, JsonNode retryId) {
        Held h = byId.get(heldId);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            h.exchange.retarget(retry, retryId);
            h.awaitingRetry = false;
            List<Runnable> answers = new ArrayList<>();
            for (Iterator<Map.Entry<String, Question>> it = h.open.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Question> q = it.next();
                JsonNode given = inputResponses == null ? null : inputResponses.get(q.getKey());
                if (given != null) {
                    it.remove();
                    answers.add(() -> q.getValue().answer().complete(JsonRpc.result(null, given)));
                }
            }
            // answered outside the iteration: completing one may run the server's next question on this thread
            answers.forEach(Runnable::run);
            if (!h.open.isEmpty()) {
                // the retry left a question unanswered: ask it again, as the revision says a server does
                putToClient(h);
            }
        }
        return true;
    }
}
