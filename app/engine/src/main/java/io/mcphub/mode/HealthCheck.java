package io.mcphub.mode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a mode plugin adds to {@code GET /health} and {@code GET /health/ready}: a field of the body, and whether
 * the hub is ready as far as the plugin can tell (a coordinator without any node is not).
 *
 * <p><b>Threading:</b> called on HTTP threads; must be quick and must not block.
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * @param key the field of the health body, e.g. {@code nodes}
     * @param detail its value
     */
    record Result(String key, boolean ready, JsonNode detail) {}

    Result check();
}
