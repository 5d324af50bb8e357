package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mcphub.config.ServerConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.manage.EditOutcome;
import io.mcphub.manage.GroupEdits;
import io.mcphub.manage.Management;
import io.mcphub.manage.ServerEdits;
import io.mcphub.manage.ServerViews;
import io.mcphub.manage.SystemEdits;
import io.mcphub.upstream.Upstream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * MCPHub's management routes (servers, tools, prompts, groups, settings, system-config) over {@link Management}: the
 * shell only reads the body (bounded), calls the edit and turns its {@link EditOutcome} into MCPHub's envelope. Every
 * answer carries the settings file's version as its {@code ETag}; a write with {@code If-Match} is made against it.
 * Path parameters are never called {@code name}: {@link Guards} reads that one as a group or server a scoped bearer
 * key may reach, and these routes reach everything.
 */
final class ManagementRoutes {
    private final Management management;
    private final ServerEdits servers;
    private final GroupEdits groups;
    private final SystemEdits system;
    private final long maxBody;

    ManagementRoutes(Management management, long maxBody) {
        this.management = management;
        this.servers = new ServerEdits(management);
        this.groups = new GroupEdits(management);
        this.system = new SystemEdits(management);
        this.maxBody = maxBody;
    }

    /** @param guard wraps a handler in the bearer check */
    void register(RoutesConfig r, UnaryOperator<Handler> guard) {
        r.get("/api/servers", guard.apply(this::listServers));
        r.get("/api/servers/{server}", guard.apply(this::getServer));
        r.post("/api/servers", guard.apply(this::addServer));
        r.put("/api/servers/{server}", guard.apply(this::replaceServer));
        r.delete("/api/servers/{server}", guard.apply(this::deleteServer));
        r.post("/api/servers/{server}/toggle", guard.apply(this::toggleServer));
        r.post("/api/servers/{server}/reload", guard.apply(this::reloadServer));
        for (ServerEdits.Kind kind : ServerEdits.Kind.values()) {
            String base = "/api/servers/{server}/" + kind.name().toLowerCase(Locale.ROOT) + "/{item}";
            r.post(base + "/toggle", guard.apply(ctx -> toggleItem(ctx, kind)));
            r.put(base + "/description", guard.apply(ctx -> describeItem(ctx, kind, true)));
            r.delete(base + "/description", guard.apply(ctx -> describeItem(ctx, kind, false)));
        }
        r.get(
                "/api/groups",
                guard.apply(ctx -> ok(ctx, GroupEdits.list(management.store().tree()))));
        r.get("/api/groups/{id}", guard.apply(this::getGroup));
        r.post("/api/groups", guard.apply(this::createGroup));
        r.put("/api/groups/{id}", guard.apply(this::updateGroup));
        r.delete("/api/groups/{id}", guard.apply(this::deleteGroup));
        r.get("/api/groups/{id}/servers", guard.apply(this::groupServers));
        r.post("/api/groups/{id}/servers", guard.apply(this::addGroupServer));
        r.put("/api/groups/{id}/servers/batch", guard.apply(this::batchGroupServers));
        r.delete("/api/groups/{id}/servers/{serverName}", guard.apply(this::removeGroupServer));
        r.get("/api/settings", guard.apply(ctx -> ok(ctx, management.store().tree())));
        r.put("/api/system-config", guard.apply(this::systemConfig));
    }

    private void listServers(Context ctx) {
        ArrayNode data = Json.array();
        for (Upstream u : management.hub().upstreams()) {
            data.add(ServerViews.of(u, config(u.name())));
        }
        ok(ctx, data);
    }

    private void getServer(Context ctx) {
        String name = ctx.pathParam("server");
        Upstream u = management.hub().upstream(name);
        if (u == null) {
            fail(ctx, 404, "Server " + name + " not found");
            return;
        }
        JsonNode entry = management.store().tree().path("mcpServers").get(name);
        ok(ctx, ServerViews.withConfig(u, config(name), entry));
    }

    private void addServer(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String name = body.path("name").asText("");
        reply(
                ctx,
                servers.add(ifMatch(ctx), body.get("name"), body.get("config")),
                200,
                "Server added successfully",
                () -> serverView(name));
    }

    private void replaceServer(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String name = ctx.pathParam("server");
        reply(
                ctx,
                servers.replace(ifMatch(ctx), name, body.get("config")),
                200,
                "Server updated successfully",
                () -> serverView(name));
    }

    private void deleteServer(Context ctx) {
        String name = ctx.pathParam("server");
        reply(
                ctx,
                servers.delete(ifMatch(ctx), name),
                200,
                "Server removed successfully",
                () -> Json.object().put("name", name));
    }

    private void toggleServer(Context ctx) throws IOException {
        ObjectNode body = optionalBody(ctx);
        if (body == null) {
            return;
        }
        String name = ctx.pathParam("server");
        Boolean enabled = flag(body, "enabled");
        reply(ctx, servers.toggle(ifMatch(ctx), name, enabled), 200, "Server toggled", () -> serverView(name));
    }

    private void reloadServer(Context ctx) {
        String name = ctx.pathParam("server");
        if (!management.restart(name)) {
            fail(ctx, 404, "Server " + name + " not found");
            return;
        }
        etag(ctx);
        HttpReplies.json(ctx, 200, envelope(serverView(name), "Server reloaded successfully"));
    }

    private void toggleItem(Context ctx, ServerEdits.Kind kind) throws IOException {
        ObjectNode body = optionalBody(ctx);
        if (body == null) {
            return;
        }
        String server = ctx.pathParam("server");
        String item = ctx.pathParam("item");
        String field = kind == ServerEdits.Kind.TOOLS ? "tool" : "prompt";
        EditOutcome o = servers.toggleItem(ifMatch(ctx), server, kind, item, flag(body, "enabled"));
        reply(ctx, o, 200, field + " " + item + " toggled", () -> {
            JsonNode override = management
                    .store()
                    .tree()
                    .path("mcpServers")
                    .path(server)
                    .path(kind.name().toLowerCase(Locale.ROOT))
                    .path(item);
            return Json.object()
                    .put("server", server)
                    .put(field, item)
                    .put("enabled", override.path("enabled").asBoolean(true));
        });
    }

    private void describeItem(Context ctx, ServerEdits.Kind kind, boolean set) throws IOException {
        String description = null;
        if (set) {
            ObjectNode body = body(ctx);
            if (body == null) {
                return;
            }
            if (!body.path("description").isTextual()) {
                fail(ctx, 400, "A description is required: {\"description\": \"...\"}");
                return;
            }
            description = body.get("description").asText();
        }
        String server = ctx.pathParam("server");
        String item = ctx.pathParam("item");
        String field = kind == ServerEdits.Kind.TOOLS ? "tool" : "prompt";
        String d = description;
        reply(
                ctx,
                servers.describeItem(ifMatch(ctx), server, kind, item, description),
                200,
                "Description " + (set ? "updated" : "reset"),
                () -> Json.object().put("server", server).put(field, item).put("description", d));
    }

    private void getGroup(Context ctx) {
        ObjectNode g = GroupEdits.find(management.store().tree(), ctx.pathParam("id"));
        if (g == null) {
            fail(ctx, 404, "Group " + ctx.pathParam("id") + " not found");
            return;
        }
        ok(ctx, g);
    }

    private void groupServers(Context ctx) {
        ObjectNode g = GroupEdits.find(management.store().tree(), ctx.pathParam("id"));
        if (g == null) {
            fail(ctx, 404, "Group " + ctx.pathParam("id") + " not found");
            return;
        }
        ok(ctx, g.get("servers"));
    }

    private void createGroup(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String wanted = body.path("id").asText(body.path("name").asText(""));
        EditOutcome o = groups.create(ifMatch(ctx), body);
        reply(ctx, o, 201, "Group created successfully", () -> {
            ObjectNode g = GroupEdits.find(management.store().tree(), wanted);
            return g == null
                    ? GroupEdits.find(
                            management.store().tree(), body.path("name").asText())
                    : g;
        });
    }

    private void updateGroup(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String id = ctx.pathParam("id");
        reply(ctx, groups.update(ifMatch(ctx), id, body), 200, "Group updated successfully", () -> group(id, body));
    }

    private void deleteGroup(Context ctx) {
        String id = ctx.pathParam("id");
        reply(
                ctx,
                groups.delete(ifMatch(ctx), id),
                200,
                "Group deleted successfully",
                () -> Json.object().put("id", id));
    }

    private void addGroupServer(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String id = ctx.pathParam("id");
        String server = body.path("serverName").asText(null);
        reply(
                ctx,
                groups.addServer(ifMatch(ctx), id, server),
                200,
                "Server added to group successfully",
                () -> group(id, null));
    }

    private void removeGroupServer(Context ctx) {
        String id = ctx.pathParam("id");
        reply(
                ctx,
                groups.removeServer(ifMatch(ctx), id, ctx.pathParam("serverName")),
                200,
                "Server removed from group successfully",
                () -> group(id, null));
    }

    private void batchGroupServers(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        String id = ctx.pathParam("id");
        reply(
                ctx,
                groups.replaceServers(ifMatch(ctx), id, body.get("servers")),
                200,
                "Group servers updated successfully",
                () -> group(id, null));
    }

    private void systemConfig(Context ctx) throws IOException {
        ObjectNode body = body(ctx);
        if (body == null) {
            return;
        }
        reply(
                ctx,
                system.update(ifMatch(ctx), body),
                200,
                "System configuration updated successfully",
                () -> management.store().tree().path("systemConfig").deepCopy());
    }

    /** A group after an edit: by its id, or by its new name when the edit renamed the group it was found by. */
    private JsonNode group(String id, ObjectNode body) {
        ObjectNode g = GroupEdits.find(management.store().tree(), id);
        if (g == null && body != null && body.path("name").isTextual()) {
            g = GroupEdits.find(management.store().tree(), body.get("name").asText());
        }
        return g == null ? Json.object().put("id", id) : g;
    }

    private JsonNode serverView(String name) {
        Upstream u = management.hub().upstream(name);
        return u == null ? Json.object().put("name", name) : ServerViews.of(u, config(name));
    }

    private ServerConfig config(String name) {
        return management.settings().servers().get(name);
    }

    private void reply(Context ctx, EditOutcome outcome, int status, String message, Supplier<JsonNode> data) {
        etag(ctx);
        switch (outcome.kind()) {
            case APPLIED -> HttpReplies.json(ctx, status, envelope(data.get(), message));
            case INVALID -> {
                List<String> problems = ((EditOutcome.Invalid) outcome).problems();
                ObjectNode body = error("Invalid settings: " + String.join("; ", problems));
                body.set("problems", Json.MAPPER.valueToTree(problems));
                HttpReplies.json(ctx, 400, body);
            }
            case CONFLICT -> {
                String current = ((EditOutcome.Conflict) outcome).current();
                ObjectNode body = error("The settings changed since version " + ifMatch(ctx) + " (now " + current
                        + "): read them again and retry");
                body.putObject("data").put("version", current);
                HttpReplies.json(ctx, 409, body);
            }
            case NOT_FOUND -> fail(ctx, 404, ((EditOutcome.NotFound) outcome).message());
            case BAD_REQUEST -> fail(ctx, 400, ((EditOutcome.BadRequest) outcome).message());
            case WRITE_FAILED -> fail(ctx, 500, ((EditOutcome.WriteFailed) outcome).message());
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private static ObjectNode envelope(JsonNode data, String message) {
        ObjectNode body = Json.object().put("success", true).put("message", message);
        body.set("data", data);
        return body;
    }

    private static ObjectNode error(String message) {
        return Json.object().put("success", false).put("message", message);
    }

    private void ok(Context ctx, JsonNode data) {
        etag(ctx);
        HttpReplies.api(ctx, 200, data);
    }

    private void fail(Context ctx, int status, String message) {
        HttpReplies.json(ctx, status, error(message));
    }

    private void etag(Context ctx) {
        ctx.header("ETag", "\"" + management.store().version() + "\"");
    }

    /** {@code If-Match: "v"} (quotes and a weak prefix optional); null when absent or {@code *}. */
    private static String ifMatch(Context ctx) {
        String v = ctx.header("If-Match");
        if (v == null || v.isBlank() || v.trim().equals("*")) {
            return null;
        }
        v = v.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        return v.replace("\"", "");
    }

    private static Boolean flag(ObjectNode body, String key) {
        JsonNode v = body.get(key);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    /** The body as a JSON object; null after answering 413 or 400. */
    private ObjectNode body(Context ctx) throws IOException {
        return readBody(ctx, false);
    }

    /** The same, an empty body being {@code {}}. */
    private ObjectNode optionalBody(Context ctx) throws IOException {
        return readBody(ctx, true);
    }

    private ObjectNode readBody(Context ctx, boolean emptyOk) throws IOException {
        byte[] bytes = BodyReader.read(ctx, maxBody);
        if (bytes == null) {
            fail(
                    ctx,
                    413,
                    "Request body too large: the limit is " + maxBody + " bytes (systemConfig.http.maxBodyBytes)");
            return null;
        }
        if (bytes.length == 0 && emptyOk) {
            return Json.object();
        }
        Function<String, ObjectNode> bad = m -> {
            fail(ctx, 400, m);
            return null;
        };
        try {
            return Json.parse(bytes) instanceof ObjectNode o ? o : bad.apply("The body must be a JSON object");
        } catch (IOException e) {
            return bad.apply("The body is not valid JSON");
        }
    }
}
