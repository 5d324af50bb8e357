package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.upstream.CallOutcome;

/**
 * Which node issued an {@code input_required}: the coordinator puts the node's id in front of the node's own
 * {@code requestState}, and the hub seals the whole value (HMAC with the cluster's key) before the client sees it,
 * so the client's retry names its node and cannot name another. The retry goes to that node only.
 */
final class NodeBoundState {
    private static final String PREFIX = "node:";

    private NodeBoundState() {}

    /** The node and the node's own state (null when it sent none) of a bound value; null when it is not bound. */
    record Bound(String nodeId, String state) {}

    /** Binds a node's {@code input_required} answer to the node, in place. */
    static CallOutcome bind(CallOutcome outcome, String nodeId) {
        if (outcome instanceof CallOutcome.Answered a
                && a.response().get("result") instanceof ObjectNode result
                && "input_required".equals(result.path("resultType").asText())) {
            String inner = result.hasNonNull("requestState")
                    ? "=" + result.get("requestState").asText()
                    : "";
            result.put("requestState", PREFIX + nodeId + "|" + inner);
        }
        return outcome;
    }

    static Bound unbind(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return null;
        }
        int bar = value.indexOf('|');
        if (bar < 0) {
            return null;
        }
        String rest = value.substring(bar + 1);
        return new Bound(value.substring(PREFIX.length(), bar), rest.startsWith("=") ? rest.substring(1) : null);
    }
}
