package io.mcphub.config;

import java.time.Duration;
import java.util.List;

/**
 * Our extension, {@code systemConfig.http}: limits and browser-facing guards of the HTTP layer.
 *
 * @param allowedOrigins origins accepted besides loopback ones and the request's own host
 * @param allowedHosts Host header values accepted on loopback connections besides loopback names
 * @param basePath     MCPHub's {@code BASE_PATH} (environment): a prefix of every route, e.g. {@code /mcphub};
 *                     "" for none
 */
public record HttpConfig(
        long maxBodyBytes,
        Duration sessionIdleTimeout,
        int maxSessions,
        Duration keepAliveInterval,
        int eventBufferSize,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        String basePath) {

    public static final HttpConfig DEFAULTS = new HttpConfig(
            4L * 1024 * 1024, Duration.ofHours(1), 100_000, Duration.ofSeconds(25), 1024, List.of(), List.of(), "");
}
