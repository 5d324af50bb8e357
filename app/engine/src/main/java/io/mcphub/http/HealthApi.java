package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.HealthCheck;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} (liveness: 200 while the hub serves, with its servers' states, as MCPHub's) and
 * {@code GET /health/ready} (readiness: 503 until every enabled server has had its first connection attempt, and
 * while a mode plugin says the hub cannot serve yet). A server that is down does not make the hub unready: one
 * server without a replica must not take a whole hub out of its load balancer.
 */
final class HealthApi {
    private static final Logger log = LoggerFactory.getLogger(HealthApi.class);

    private final Hub hub;

    HealthApi(Hub hub) {
        this.hub = hub;
    }

    void live(Context ctx) {
        HttpReplies.json(ctx, 200, body());
    }

    void ready(Context ctx) {
        ObjectNode body = body();
        HttpReplies.json(ctx, body.path("ready").asBoolean() ? 200 : 503, body);
    }

    private ObjectNode body() {
        ArrayNode down = Json.array();
        ArrayNode starting = Json.array();
        int connected = 0;
        int enabled = 0;
        for (Upstream u : hub.upstreams()) {
            UpstreamStatus s = u.status();
            switch (s.state()) {
                case DISABLED -> {
                    continue;
                }
                case CONNECTED -> connected++;
                case CONNECTING -> {
                    if (!s.attempted()) {
                        starting.add(entry(u, s));
                    }
                }
                case DISCONNECTED -> down.add(entry(u, s));
            }
            enabled++;
        }
        boolean ready = starting.isEmpty();
        ObjectNode body = Json.object();
        body.putObject("servers").put("connected", connected).put("enabled", enabled);
        body.put("sessions", hub.sessions().size());
        for (HealthCheck check : hub.operatorHooks().healthChecks()) {
            try {
                HealthCheck.Result r = check.check();
                body.set(r.key(), r.detail());
                ready &= r.ready();
            } catch (RuntimeException e) {
                log.warn("a health check failed: {}", e.toString());
                ready = false;
            }
        }
        if (!starting.isEmpty()) {
            body.set("starting", starting);
        }
        if (!down.isEmpty()) {
            body.set("down", down);
        }
        boolean allUp = down.isEmpty() && starting.isEmpty();
        ObjectNode out =
                Json.object().put("status", allUp ? "healthy" : "degraded").put("ready", ready);
        out.setAll(body);
        return out;
    }

    private static ObjectNode entry(Upstream u, UpstreamStatus s) {
        return Json.object()
                .put("name", u.name())
                .put("status", s.state().label())
                .put("error", s.lastError());
    }
}
