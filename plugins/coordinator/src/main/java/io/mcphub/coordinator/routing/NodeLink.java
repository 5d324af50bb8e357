package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.PendingCall;
import java.util.function.Consumer;

/**
 * How one attempt of a request reaches a node: a 2025 client session's own MCP session there ({@link NodeSession}),
 * or, for a 2026-07-28 request, the coordinator's one stateless link to the node's server
 * ({@link StatelessNodeLink}).
 */
interface NodeLink {
    /**
     * Sends a request; {@code done} hears how it ended, exactly once.
     *
     * @return the step a client's cancel reaches
     */
    PendingCall.Step send(String method, JsonNode params, RequestContext context, Consumer<CallOutcome> done);
}
