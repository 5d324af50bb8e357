package io.mcphub.http;

import io.javalin.http.Context;
import io.mcphub.metrics.HubMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the Prometheus text exposition, as MCPHub's {@code ENABLE_METRICS} / {@code METRICS_TOKEN}:
 * 404 while metrics are off; with a token set, only a scrape carrying {@code Authorization: Bearer <token>}.
 */
final class MetricsEndpoint {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HubMetrics metrics;

    MetricsEndpoint(HubMetrics metrics) {
        this.metrics = metrics;
    }

    void scrape(Context ctx) {
        if (!metrics.enabled()) {
            HttpReplies.apiError(ctx, 404, "Metrics are off (set ENABLE_METRICS=true or systemConfig.metrics.enabled)");
            return;
        }
        String token = metrics.token();
        if (token != null && !tokenMatches(ctx.header("Authorization"), token)) {
            ctx.header("WWW-Authenticate", "Bearer");
            HttpReplies.apiError(ctx, 401, "A metrics token is required (Authorization: Bearer <METRICS_TOKEN>)");
            return;
        }
        ctx.status(200).contentType(CONTENT_TYPE).result(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean tokenMatches(String authorization, String token) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // constant time, so the token cannot be guessed byte by byte from response times
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }
}
