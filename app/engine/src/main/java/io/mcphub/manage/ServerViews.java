package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.ItemOverride;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server as the management API shows it (MCPHub's server info): status, last error, and its tools and prompts,
 * the disabled ones included with {@code "enabled": false} so a page can turn them back on.
 */
public final class ServerViews {
    private ServerViews() {}

    /** @param config the server's entry in the settings, or null for a server the settings do not hold (a cluster's) */
    public static ObjectNode of(Upstream u, ServerConfig config) {
        UpstreamStatus s = u.status();
        ServerCatalog c = u.catalog();
        ObjectNode o = Json.object()
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
        o.set("tools", items(c.tools(), config == null ? Map.of() : config.tools()));
        o.set("prompts", items(c.prompts(), config == null ? Map.of() : config.prompts()));
        return o;
    }

    /** {@link #of} plus the entry as the file has it, for {@code GET /api/servers/:name}. */
    public static ObjectNode withConfig(Upstream u, ServerConfig config, JsonNode entry) {
        ObjectNode o = of(u, config);
        o.set("config", entry == null ? Json.object() : entry.deepCopy());
        return o;
    }

    private static ArrayNode items(List<ObjectNode> served, Map<String, ItemOverride> overrides) {
        ArrayNode out = Json.array();
        Set<String> seen = new HashSet<>();
        for (ObjectNode item : served) {
            String name = Json.text(item, "name");
            seen.add(name);
            out.addObject()
                    .put("name", name)
                    .put("description", Json.text(item, "description"))
                    .put("enabled", true);
        }
        overrides.forEach((name, o) -> {
            if (!o.enabled() && !seen.contains(name)) {
                ObjectNode d = out.addObject().put("name", name).put("enabled", false);
                if (o.description() != null) {
                    d.put("description", o.description());
                }
            }
        });
        return out;
    }
}
