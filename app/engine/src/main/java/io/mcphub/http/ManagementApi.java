package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;

/** {@code GET /health}, in MCPHub's shape; the management routes are {@link ManagementRoutes}. */
final class ManagementApi {
    private final Hub hub;

    ManagementApi(Hub hub) {
        this.hub = hub;
    }

    /** 200 while no enabled server has failed; 503 naming those that have. Servers still starting do not count. */
    void health(Context ctx) {
        ArrayNode down = Json.array();
        int connected = 0;
        int enabled = 0;
        for (Upstream u : hub.upstreams()) {
            UpstreamStatus s = u.status();
            if (s.state() == UpstreamStatus.State.DISABLED) {
                continue;
            }
            enabled++;
            if (s.connected()) {
                connected++;
            }
            if (s.state() == UpstreamStatus.State.DISCONNECTED) {
                down.addObject()
                        .put("name", u.name())
                        .put("status", s.state().label())
                        .put("error", s.lastError());
            }
        }
        ObjectNode body = Json.object().put("status", down.isEmpty() ? "healthy" : "unhealthy");
        body.putObject("servers").put("connected", connected).put("enabled", enabled);
        body.put("sessions", hub.sessions().size());
        if (!down.isEmpty()) {
            body.set("down", down);
        }
        HttpReplies.json(ctx, down.isEmpty() ? 200 : 503, body);
    }
}
