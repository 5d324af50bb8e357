package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.RequestStates;
import io.mcphub.session.ResponseChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The multi-round-trip side of a 2026-07-28 client's calls: a retry's {@code requestState} is opened before
 * anything runs (a held call resumes; an upstream's own state is unwrapped and the retry must reach that upstream),
 * and an upstream's {@code input_required} leaves with its state sealed by the hub and only questions the client
 * declared it can answer.
 *
 * <p><b>Threading:</b> safe for any thread.
 */
final class ModernCalls {
    private final RequestStates states;
    private final HeldCalls held;

    ModernCalls(RequestStates states, HeldCalls held) {
        this.states = states;
        this.held = held;
    }

    /**
     * Opens the state of a retry. True when the request was dealt with here (refused, or it resumed a held call);
     * false when it goes on to its server, its params now carrying the upstream's own state.
     */
    boolean admit(ModernExchange exchange, ObjectNode request, ResponseChannel post) {
        ObjectNode params = JsonRpc.params(request);
        JsonNode token = params == null ? null : params.get("requestState");
        if (token == null) {
            return false;
        }
        JsonNode id = request.get("id");
        RequestStates.Opened opened = states.open(
                token.isTextual() ? token.asText() : null,
                exchange.method(),
                exchange.exposedName(),
                exchange.caller());
        if (!opened.ok()) {
            post.respond(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, opened.refusal()));
            return true;
        }
        RequestStates.State state = opened.state();
        switch (state.kind()) {
            case HELD -> {
                if (!held.resume(state.value(), params.get("inputResponses"), post, id)) {
                    post.respond(JsonRpc.error(
                            id,
                            JsonRpc.INVALID_PARAMS,
                            "Invalid params: requestState is refused: the request it continues has ended"
                                    + " (it finished or timed out); start it over without requestState"));
                }
                return true;
            }
            case UPSTREAM -> {
                exchange.expectServer(state.server());
                if (state.value() == null) {
                    params.remove("requestState");
                } else {
                    params.put("requestState", state.value());
                }
                return false;
            }
        }
        return false;
    }

    /** A retry that names another server than the one its name resolves to now (its state is for that one). */
    static ObjectNode misrouted(JsonNode id, ModernExchange exchange, String server) {
        return JsonRpc.error(
                id,
                JsonRpc.INVALID_PARAMS,
                "Invalid params: requestState is refused: it was issued by server " + exchange.expectedServer()
                        + ", and this request now goes to " + server + "; start it over without requestState");
    }

    /**
     * An upstream's answer on its way to a 2026-07-28 client: an {@code input_required} gets the hub's sealed state
     * in place of the upstream's, or -32021 when it asks something the client did not declare it can answer.
     */
    ObjectNode complete(ModernExchange exchange, String server, ObjectNode answer, Duration ttl) {
        if (!(answer.get("result") instanceof ObjectNode result)
                || !"input_required".equals(result.path("resultType").asText())) {
            return answer;
        }
        ObjectNode caps = exchange.capabilities();
        ObjectNode missing = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        result.path("inputRequests").fields();
                it.hasNext(); ) {
            String capability =
                    capabilityFor(it.next().getValue().path("method").asText());
            if (capability != null && (caps == null || !caps.has(capability))) {
                missing.putObject(capability);
            }
        }
        if (!missing.isEmpty()) {
            return JsonRpc.error(
                    answer.get("id"),
                    JsonRpc.MISSING_CLIENT_CAPABILITY,
                    "Missing required client capability: " + server + " needs the client to answer "
                            + missing.properties().stream()
                                    .map(Map.Entry::getKey)
                                    .toList()
                            + ", which the request's clientCapabilities do not declare",
                    Json.object().set("requiredCapabilities", missing));
        }
        JsonNode inner = result.get("requestState");
        result.put(
                "requestState",
                states.seal(
                        RequestStates.Kind.UPSTREAM,
                        server,
                        inner == null || inner.isNull() ? null : inner.asText(),
                        exchange.method(),
                        exchange.exposedName(),
                        exchange.caller(),
                        ttl));
        return answer;
    }

    /** The client capability an input request needs. */
    static String capabilityFor(String method) {
        return switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
    }
}
