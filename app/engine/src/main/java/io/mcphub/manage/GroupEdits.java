package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * MCPHub's group routes on the raw tree, in either form the file may use: the array ({@code [{"id", "name",
 * "servers"}]}) or the object by id ({@code {"<id>": {"name", "servers"}}}). A group is found by its id, else by name.
 */
public final class GroupEdits {
    private final Management management;

    public GroupEdits(Management management) {
        this.management = management;
    }

    /** Every group as the file has it: {@code {"id", "name", "description", "servers"}}. */
    public static ArrayNode list(ObjectNode tree) {
        ArrayNode out = Json.array();
        JsonNode groups = tree.get("groups");
        if (groups instanceof ArrayNode a) {
            a.forEach(g -> out.add(view(g, null)));
        } else if (groups instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> out.add(view(e.getValue(), e.getKey())));
        }
        return out;
    }

    /** One group as {@link #list} shows it, or null. */
    public static ObjectNode find(ObjectNode tree, String id) {
        ObjectNode byName = null;
        for (JsonNode g : list(tree)) {
            if (id.equals(g.path("id").asText(null))) {
                return (ObjectNode) g;
            }
            if (byName == null && id.equals(g.path("name").asText(null))) {
                byName = (ObjectNode) g;
            }
        }
        return byName;
    }

    private static ObjectNode view(JsonNode g, String key) {
        ObjectNode v = Json.object();
        String id = key != null ? key : g.path("id").asText(g.path("name").asText(null));
        v.put("id", id);
        v.put("name", g.path("name").asText(id));
        v.put("description", g.path("description").asText(""));
        v.set("servers", g.get("servers") instanceof ArrayNode s ? s.deepCopy() : Json.array());
        return v;
    }

    public EditOutcome create(String ifMatch, JsonNode body) {
        return management.edit(ifMatch, tree -> {
            String name = text(body, "name");
            if (name == null || name.isBlank()) {
                throw EditRefusal.badRequest("Group name is required: {\"name\": \"...\", \"servers\": [...]}");
            }
            String id = text(body, "id");
            id = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
            if (find(tree, id) != null || find(tree, name) != null) {
                throw EditRefusal.badRequest("Group " + (find(tree, id) != null ? id : name) + " already exists");
            }
            ObjectNode g = Json.object();
            g.put("name", name);
            g.put("description", body.path("description").asText(""));
            g.set("servers", servers(body.get("servers")));
            JsonNode groups = tree.get("groups");
            if (groups instanceof ObjectNode o) {
                o.set(id, g);
            } else {
                ArrayNode a = groups instanceof ArrayNode arr ? arr : tree.putArray("groups");
                ObjectNode withId = Json.object().put("id", id);
                withId.setAll(g);
                a.add(withId);
            }
        });
    }

    public EditOutcome update(String ifMatch, String id, JsonNode body) {
        return management.edit(ifMatch, tree -> {
            ObjectNode g = node(tree, id);
            for (String key : new String[] {"name", "description"}) {
                if (body.has(key)) {
                    g.set(key, body.get(key));
                }
            }
            if (body.has("servers")) {
                g.set("servers", servers(body.get("servers")));
            }
        });
    }

    public EditOutcome delete(String ifMatch, String id) {
        return management.edit(ifMatch, tree -> {
            ObjectNode g = node(tree, id);
            JsonNode groups = tree.get("groups");
            if (groups instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i) == g) {
                        a.remove(i);
                        return;
                    }
                }
            } else if (groups instanceof ObjectNode o) {
                Iterator<Map.Entry<String, JsonNode>> it = o.fields();
                while (it.hasNext()) {
                    if (it.next().getValue() == g) {
                        it.remove();
                        return;
                    }
                }
            }
        });
    }

    public EditOutcome addServer(String ifMatch, String id, String server) {
        return management.edit(ifMatch, tree -> {
            if (server == null || server.isBlank()) {
                throw EditRefusal.badRequest("Server name is required: {\"serverName\": \"...\"}");
            }
            if (management.hub().upstream(server) == null
                    && !tree.path("mcpServers").has(server)) {
                throw EditRefusal.notFound("Server " + server + " not found");
            }
            ArrayNode members = members(node(tree, id));
            if (indexOf(members, server) >= 0) {
                throw EditRefusal.badRequest("Server " + server + " is already in group " + id);
            }
            members.add(server);
        });
    }

    public EditOutcome removeServer(String ifMatch, String id, String server) {
        return management.edit(ifMatch, tree -> {
            ArrayNode members = members(node(tree, id));
            int i = indexOf(members, server);
            if (i < 0) {
                throw EditRefusal.notFound("Server " + server + " not found in group " + id);
            }
            members.remove(i);
        });
    }

    public EditOutcome replaceServers(String ifMatch, String id, JsonNode servers) {
        return management.edit(ifMatch, tree -> node(tree, id).set("servers", servers(servers)));
    }

    private static ArrayNode members(ObjectNode g) {
        return g.get("servers") instanceof ArrayNode a ? a : g.putArray("servers");
    }

    private static int indexOf(ArrayNode members, String server) {
        for (int i = 0; i < members.size(); i++) {
            JsonNode m = members.get(i);
            if (server.equals(m.isTextual() ? m.asText() : m.path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    /** The group's own node in the tree, to edit in place. */
    private static ObjectNode node(ObjectNode tree, String id) throws EditRefusal {
        JsonNode groups = tree.get("groups");
        ObjectNode byName = null;
        if (groups instanceof ArrayNode a) {
            for (JsonNode g : a) {
                if (g instanceof ObjectNode o) {
                    if (id.equals(o.path("id").asText(null))) {
                        return o;
                    }
                    if (byName == null && id.equals(o.path("name").asText(null))) {
                        byName = o;
                    }
                }
            }
        } else if (groups instanceof ObjectNode o) {
            if (o.get(id) instanceof ObjectNode g) {
                return g;
            }
            for (JsonNode g : o) {
                if (byName == null
                        && g instanceof ObjectNode go
                        && id.equals(go.path("name").asText(null))) {
                    byName = go;
                }
            }
        }
        if (byName == null) {
            throw EditRefusal.notFound("Group " + id + " not found");
        }
        return byName;
    }

    private static JsonNode servers(JsonNode servers) throws EditRefusal {
        if (servers == null || servers.isNull()) {
            return Json.array();
        }
        if (!servers.isArray()) {
            throw EditRefusal.badRequest("servers: " + servers + " (expected: an array of server names or {\"name\"})");
        }
        return servers.deepCopy();
    }

    private static String text(JsonNode body, String key) {
        JsonNode v = body == null ? null : body.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
