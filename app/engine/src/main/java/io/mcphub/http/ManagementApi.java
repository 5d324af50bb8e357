package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;

/** {@code GET /api/servers}, in MCPHub's shape ({@code /health} is {@link HealthApi}). */
final class ManagementApi {
    private final Hub hub;

    ManagementApi(Hub hub) {
        this.hub = hub;
    }

    void servers(Context ctx) {
        ArrayNode data = Json.array();
        for (Upstream u : hub.upstreams()) {
            UpstreamStatus s = u.status();
            ServerCatalog c = u.catalog();
            ObjectNode o = data.addObject()
                    .put("name", u.name())
                    .put("type", u.type())
                    .put("status", s.state().label())
                    .put("enabled", s.state() != UpstreamStatus.State.DISABLED)
                    .put("error", s.lastError())
                    .put("since", s.since().toString())
                    .put("restarts", s.restarts())
                    .put("toolCount", c.tools().size())
                    .put("promptCount", c.prompts().size())
                    .put("resourceCount", c.resources().size());
            ArrayNode tools = o.putArray("tools");
            c.tools()
                    .forEach(t -> tools.addObject()
                            .put("name", Json.text(t, "name"))
                            .put("description", Json.text(t, "description")));
        }
        HttpReplies.api(ctx, 200, data);
    }
}
