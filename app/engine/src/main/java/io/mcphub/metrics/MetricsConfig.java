package io.mcphub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Whether {@code GET /metrics} is served and the token it asks for: MCPHub's {@code ENABLE_METRICS} and
 * {@code METRICS_TOKEN}, or {@code systemConfig.metrics.enabled} / {@code .token} (the environment wins).
 *
 * @param token the bearer token a scrape must carry; null when the route is open
 * @param problems values that could not be read, as {@code path: value (expected: ...)}; they are ignored
 */
public record MetricsConfig(boolean enabled, String token, List<String> problems) {
    public static final MetricsConfig OFF = new MetricsConfig(false, null, List.of());

    /** Reads the block under {@code systemConfig.metrics} of the raw settings, then the environment. */
    public static MetricsConfig read(JsonNode rawSettings, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        JsonNode block =
                rawSettings == null ? null : rawSettings.path("systemConfig").path("metrics");
        boolean enabled = false;
        String token = null;
        if (block != null && block.isObject()) {
            JsonNode e = block.path("enabled");
            if (e.isBoolean()) {
                enabled = e.asBoolean();
            } else if (!e.isMissingNode()) {
                problems.add("systemConfig.metrics.enabled: " + e + " (expected: true or false)");
            }
            JsonNode t = block.path("token");
            if (t.isTextual() && !t.asText().isBlank()) {
                token = t.asText();
            } else if (!t.isMissingNode() && !t.isNull()) {
                problems.add("systemConfig.metrics.token: " + t + " (expected: a non-empty string)");
            }
        } else if (block != null && !block.isMissingNode()) {
            problems.add("systemConfig.metrics: " + block + " (expected: an object with enabled and token)");
        }
        String envEnabled = env.apply("ENABLE_METRICS");
        if (envEnabled != null && !envEnabled.isBlank()) {
            enabled = "true".equalsIgnoreCase(envEnabled.trim()) || "1".equals(envEnabled.trim());
        }
        String envToken = env.apply("METRICS_TOKEN");
        if (envToken != null && !envToken.isBlank()) {
            token = envToken;
        }
        return new MetricsConfig(enabled, token, List.copyOf(problems));
    }
}
