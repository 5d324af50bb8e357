package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import java.time.Duration;

/**
 * Learns a connection's era, as a dual-era client does: a {@code server/discover} request with the 2026-07-28
 * envelope first; an answer that offers 2026-07-28 makes the connection modern, anything else (an error, a 2025
 * server's 400, a timeout) leaves it to {@code initialize}.
 */
final class EraProbe {
    /** What the probe found. */
    sealed interface Verdict {
        /** The server speaks 2026-07-28; its discover result describes it. */
        record Modern(ObjectNode discover) implements Verdict {}

        /** Not a modern answer: the connection goes on with initialize. {@code broke}: the probe lost it. */
        record Legacy(String why, boolean broke) implements Verdict {}
    }

    private EraProbe() {}

    static Verdict probe(UpstreamClient c, Duration timeout) throws Exception {
        c.modern(true);
        CallOutcome outcome = Handshake.outcome(
                c.request("server/discover", Json.object(), null, new CallOptions(timeout, false, null)), timeout);
        return switch (outcome.kind()) {
            case ANSWERED -> answered(c, ((CallOutcome.Answered) outcome).response());
            case TIMED_OUT -> legacy(c, "no answer to server/discover", false);
            case REFUSED, MAY_HAVE_RUN, CANCELLED, REJECTED -> {
                // a connection the probe could not use (refused, or gone: a stdio server that exited) cannot go on
                // with initialize; an HTTP server that answered something other than JSON-RPC is up, and legacy
                boolean broke = outcome.kind() == CallOutcome.Kind.REFUSED || c.isClosed();
                yield legacy(c, "server/discover failed: " + CallOutcome.message(outcome), broke);
            }
        };
    }

    private static Verdict answered(UpstreamClient c, ObjectNode response) {
        JsonNode result = response.path("result");
        for (JsonNode v : result.path("supportedVersions")) {
            if (ModernWire.VERSION.equals(v.asText()) && result instanceof ObjectNode r) {
                return new Verdict.Modern(r);
            }
        }
        String why = JsonRpc.isError(response)
                ? "server/discover answered " + response.get("error")
                : "server/discover offers " + result.path("supportedVersions");
        return legacy(c, why, false);
    }

    private static Verdict legacy(UpstreamClient c, String why, boolean broke) {
        c.modern(false);
        return new Verdict.Legacy(why, broke);
    }

    /**
     * The versions a -32022 error says the server speaks, as text ({@code [2026-07-28]}); null when the error is
     * another one.
     */
    static String supportedBy(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Answered a
                && a.response().path("error").path("code").asInt() == JsonRpc.UNSUPPORTED_PROTOCOL_VERSION) {
            return a.response().path("error").path("data").path("supported").toString();
        }
        return null;
    }
}
