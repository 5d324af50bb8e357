package io.mcphub.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SEP-2549's cache hint on a result: how long it stays fresh and who may share it. Merged across upstreams
 * conservatively: the smallest ttl, and private when any member is.
 */
public record CacheHint(long ttlMs, boolean shared) {
    /** What the hub says when it knows nothing better: fresh for no time, for this caller only. */
    public static final CacheHint NONE = new CacheHint(0, false);

    /** The hint a result carries, or {@link #NONE} when it carries none (a 2025 server's answer). */
    public static CacheHint of(JsonNode result) {
        JsonNode ttl = result == null ? null : result.get("ttlMs");
        if (ttl == null || !ttl.canConvertToLong() || ttl.asLong() < 0) {
            return NONE;
        }
        return new CacheHint(
                ttl.asLong(), "public".equals(result.path("cacheScope").asText()));
    }

    public CacheHint merge(CacheHint other) {
        return new CacheHint(Math.min(ttlMs, other.ttlMs), shared && other.shared);
    }

    public String scope() {
        return shared ? "public" : "private";
    }

    public void writeTo(ObjectNode result) {
        result.put("ttlMs", ttlMs).put("cacheScope", scope());
    }
}
