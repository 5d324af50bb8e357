package io.mcphub.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.upstream.ModernWire;
import io.mcphub.upstream.Version;
import java.util.Set;

/**
 * What every answer to a 2026-07-28 client carries, added once at the edge: {@code resultType}, the cache hint on
 * the cacheable methods, the hub's identity; and an unknown resource as the revision names it (-32602, not the
 * 2025 -32002).
 */
public final class ModernResults {
    /** The methods whose results carry {@code ttlMs} and {@code cacheScope}. */
    public static final Set<String> CACHEABLE = Set.of(
            "server/discover",
            "tools/list",
            "prompts/list",
            "resources/list",
            "resources/templates/list",
            "resources/read");

    private ModernResults() {}

    public static ObjectNode serverInfo() {
        return Json.object().put("name", "mcphub-java").put("version", Version.get());
    }

    /**
     * Completes an answer in place: a result gets what the revision requires (an upstream's own hint and type are
     * kept), an error its modern form.
     */
    public static ObjectNode finish(String method, ObjectNode response, JsonNode params) {
        if (response.get("result") instanceof ObjectNode result) {
            if (!result.has("resultType")) {
                result.put("resultType", "complete");
            }
            if ("complete".equals(result.path("resultType").asText())
                    && CACHEABLE.contains(method)
                    && !result.has("ttlMs")) {
                CacheHint.NONE.writeTo(result);
            }
            result.with("_meta").set(ModernWire.SERVER_INFO, serverInfo());
        } else if (response.get("error") instanceof ObjectNode error
                && error.path("code").asInt() == JsonRpc.RESOURCE_NOT_FOUND) {
            error.put("code", JsonRpc.INVALID_PARAMS);
            String uri = Json.text(params, "uri");
            if (uri != null && !error.has("data")) {
                error.putObject("data").put("uri", uri);
            }
        }
        return response;
    }
}
