package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.Upstream;
import java.util.List;

/**
 * The management API's edits of {@code mcpServers}, made on the raw tree (keys the hub does not know are kept as
 * written), then validated, saved and applied by {@link Management#edit}.
 */
public final class ServerEdits {
    /** The two kinds of items a server's overrides name, by their key in the server's entry. */
    public enum Kind {
        TOOLS("tools", "Tool"),
        PROMPTS("prompts", "Prompt");

        final String key;
        final String label;

        Kind(String key, String label) {
            this.key = key;
            this.label = label;
        }
    }

    private final Management management;

    public ServerEdits(Management management) {
        this.management = management;
    }

    public EditOutcome add(String ifMatch, JsonNode name, JsonNode config) {
        return management.edit(ifMatch, tree -> {
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw EditRefusal.badRequest("Server name is required: {\"name\": \"...\", \"config\": {...}}");
            }
            String n = name.asText();
            ObjectNode servers = servers(tree);
            if (servers.has(n) || management.hub().upstream(n) != null) {
                throw EditRefusal.badRequest("Server " + n + " already exists");
            }
            servers.set(n, requireConfig(config));
        });
    }

    public EditOutcome replace(String ifMatch, String name, JsonNode config) {
        return management.edit(ifMatch, tree -> {
            entry(tree, name);
            servers(tree).set(name, requireConfig(config));
        });
    }

    public EditOutcome delete(String ifMatch, String name) {
        return management.edit(ifMatch, tree -> {
            entry(tree, name);
            servers(tree).remove(name);
        });
    }

    /** Sets {@code enabled}; null flips it. */
    public EditOutcome toggle(String ifMatch, String name, Boolean enabled) {
        return management.edit(ifMatch, tree -> {
            ObjectNode e = entry(tree, name);
            boolean now = !e.has("enabled") || e.get("enabled").asBoolean(true);
            e.put("enabled", enabled == null ? !now : enabled);
        });
    }

    /** Sets a tool's or prompt's {@code enabled} override; null flips it. */
    public EditOutcome toggleItem(String ifMatch, String server, Kind kind, String item, Boolean enabled) {
        return management.edit(ifMatch, tree -> {
            ObjectNode o = override(tree, server, kind, item);
            boolean now = !o.has("enabled") || o.get("enabled").asBoolean(true);
            o.put("enabled", enabled == null ? !now : enabled);
        });
    }

    /** Sets a tool's or prompt's description; null removes the override (the server's own is shown again). */
    public EditOutcome describeItem(String ifMatch, String server, Kind kind, String item, String description) {
        return management.edit(ifMatch, tree -> {
            ObjectNode o = override(tree, server, kind, item);
            if (description != null) {
                o.put("description", description);
                return;
            }
            o.remove("description");
            ObjectNode items = (ObjectNode) entry(tree, server).get(kind.key);
            if (o.isEmpty()) {
                items.remove(item);
            }
            if (items.isEmpty()) {
                entry(tree, server).remove(kind.key);
            }
        });
    }

    private ObjectNode override(ObjectNode tree, String server, Kind kind, String item) throws EditRefusal {
        ObjectNode e = entry(tree, server);
        JsonNode items = e.get(kind.key);
        boolean inFile = items != null && items.has(item);
        if (!inFile && !served(server, kind, item)) {
            throw EditRefusal.notFound(kind.label + " " + item + " not found on server " + server);
        }
        ObjectNode block = items instanceof ObjectNode o ? o : e.putObject(kind.key);
        return block.get(item) instanceof ObjectNode o ? o : block.putObject(item);
    }

    private boolean served(String server, Kind kind, String item) {
        Upstream u = management.hub().upstream(server);
        if (u == null) {
            return false;
        }
        List<ObjectNode> items =
                kind == Kind.TOOLS ? u.catalog().tools() : u.catalog().prompts();
        return items.stream().anyMatch(t -> item.equals(Json.text(t, "name")));
    }

    private static ObjectNode servers(ObjectNode tree) {
        return tree.get("mcpServers") instanceof ObjectNode o ? o : tree.putObject("mcpServers");
    }

    static ObjectNode entry(ObjectNode tree, String name) throws EditRefusal {
        if (tree.path("mcpServers").get(name) instanceof ObjectNode o) {
            return o;
        }
        throw EditRefusal.notFound("Server " + name + " not found");
    }

    private static ObjectNode requireConfig(JsonNode config) throws EditRefusal {
        if (!(config instanceof ObjectNode o)) {
            throw EditRefusal.badRequest(
                    "Server configuration is required: {\"config\": {\"command\": ...} or {\"url\": ...}}");
        }
        return o.deepCopy();
    }
}
