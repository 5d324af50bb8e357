package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import java.util.Set;

/**
 * Whether a request that may have run on a node that failed can be sent again to another replica: only what the
 * protocol marks as free of side effects, so that running it twice is the same as running it once. That is reading
 * (the lists, {@code resources/read}, {@code prompts/get}, {@code completion/complete}, {@code server/discover}),
 * and calling a tool whose annotations say {@code readOnlyHint: true} or {@code idempotentHint: true}. Everything
 * else, and a tool the catalog does not list, is unsafe: it may have changed something, so it is never run twice.
 *
 * <p>The tool is looked up by the name the request carries on its way to the node, which is the name the node's
 * catalog holds (a client-side prefix was already taken off by the hub). The annotations are hints from the server's
 * own catalog; only a JSON {@code true} counts.
 *
 * <p><b>Threading:</b> stateless. <b>Nullability:</b> {@code params} and {@code catalog} may be null (then a tool
 * call is unsafe).
 */
final class RetrySafety {
    /** What the request is, as far as running it again goes. */
    enum Verdict {
        /** a list, a read, a prompt, a completion, a discovery: reads by the protocol's own definition */
        READ_METHOD("read-only method", true),
        /** a tool that says it changes nothing ({@code readOnlyHint: true}) */
        READ_ONLY_TOOL("read-only tool", true),
        /** a tool that says a second call with the same arguments has no further effect ({@code idempotentHint}) */
        IDEMPOTENT_TOOL("idempotent tool", true),
        /** anything else: it may have changed something */
        UNSAFE("not safe to retry", false);

        final String label;
        final boolean safe;

        Verdict(String label, boolean safe) {
            this.label = label;
            this.safe = safe;
        }
    }

    private static final Set<String> READ_METHODS = Set.of(
            "tools/list",
            "prompts/list",
            "resources/list",
            "resources/templates/list",
            "resources/read",
            "prompts/get",
            "completion/complete",
            "server/discover");

    private RetrySafety() {}

    static Verdict of(String method, JsonNode params, ServerCatalog catalog) {
        if (READ_METHODS.contains(method)) {
            return Verdict.READ_METHOD;
        }
        if (!"tools/call".equals(method) || params == null || catalog == null) {
            return Verdict.UNSAFE;
        }
        JsonNode name = params.get("name");
        ObjectNode tool = name == null || !name.isTextual() ? null : catalog.tool(name.asText());
        if (tool == null) {
            return Verdict.UNSAFE;
        }
        JsonNode annotations = tool.path("annotations");
        if (isTrue(annotations.path("readOnlyHint"))) {
            return Verdict.READ_ONLY_TOOL;
        }
        if (isTrue(annotations.path("idempotentHint"))) {
            return Verdict.IDEMPOTENT_TOOL;
        }
        return Verdict.UNSAFE;
    }

    /** A JSON {@code true}: a string "true" or a 1 is not a claim the server made. */
    private static boolean isTrue(JsonNode hint) {
        return hint.isBoolean() && hint.booleanValue();
    }
}
