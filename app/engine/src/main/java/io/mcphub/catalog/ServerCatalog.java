package io.mcphub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ModeApi;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one server offers, as last listed: an immutable snapshot, replaced whole when a list changes.
 * Items are the server's own JSON objects (unknown fields kept) with the config's overrides applied.
 */
@ModeApi
public final class ServerCatalog {
    public static final ServerCatalog EMPTY =
            new ServerCatalog(Json.object(), Json.object(), null, null, List.of(), List.of(), List.of(), List.of());

    private final ObjectNode capabilities;
    private final ObjectNode serverInfo;
    private final String instructions;
    private final String protocolVersion;
    private final List<ObjectNode> tools;
    private final List<ObjectNode> prompts;
    private final List<ObjectNode> resources;
    private final List<ObjectNode> resourceTemplates;
    private final Map<String, ObjectNode> toolsByName;
    private final Map<String, ObjectNode> promptsByName;
    private final Map<String, ObjectNode> resourcesByUri;
    private final List<UriTemplate> templates;

    public ServerCatalog(
            ObjectNode capabilities,
            ObjectNode serverInfo,
            String instructions,
            String protocolVersion,
            List<ObjectNode> tools,
            List<ObjectNode> prompts,
            List<ObjectNode> resources,
            List<ObjectNode> resourceTemplates) {
        this.capabilities = capabilities;
        this.serverInfo = serverInfo;
        this.instructions = instructions;
        this.protocolVersion = protocolVersion;
        this.tools = List.copyOf(tools);
        this.prompts = List.copyOf(prompts);
        this.resources = List.copyOf(resources);
        this.resourceTemplates = List.copyOf(resourceTemplates);
        this.toolsByName = index(this.tools, "name");
        this.promptsByName = index(this.prompts, "name");
        this.resourcesByUri = index(this.resources, "uri");
        this.templates = this.resourceTemplates.stream()
                .map(t -> Json.text(t, "uriTemplate"))
                .filter(u -> u != null)
                .map(UriTemplate::new)
                .toList();
    }

    private static Map<String, ObjectNode> index(List<ObjectNode> items, String key) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (ObjectNode item : items) {
            String k = Json.text(item, key);
            if (k != null) {
                out.putIfAbsent(k, item);
            }
        }
        return Map.copyOf(out);
    }

    /**
     * The catalog as JSON, for sending to another hub: {capabilities, serverInfo, instructions, protocolVersion, tools,
     * ...}.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.set("capabilities", capabilities);
        o.set("serverInfo", serverInfo);
        if (instructions != null) {
            o.put("instructions", instructions);
        }
        if (protocolVersion != null) {
            o.put("protocolVersion", protocolVersion);
        }
        o.putArray("tools").addAll(tools);
        o.putArray("prompts").addAll(prompts);
        o.putArray("resources").addAll(resources);
        o.putArray("resourceTemplates").addAll(resourceTemplates);
        return o;
    }

    /** Reads what {@link #toJson()} wrote; missing parts are empty. */
    public static ServerCatalog fromJson(JsonNode o) {
        return new ServerCatalog(
                o.get("capabilities") instanceof ObjectNode c ? c : Json.object(),
                o.get("serverInfo") instanceof ObjectNode i ? i : Json.object(),
                Json.text(o, "instructions"),
                Json.text(o, "protocolVersion"),
                objects(o.get("tools")),
                objects(o.get("prompts")),
                objects(o.get("resources")),
                objects(o.get("resourceTemplates")));
    }

    private static List<ObjectNode> objects(JsonNode array) {
        ArrayList<ObjectNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> {
                if (n instanceof ObjectNode on) {
                    out.add(on);
                }
            });
        }
        return out;
    }

    /**
     * A short hash of what clients see (lists and capabilities): equal catalogs have equal fingerprints, so nodes
     * can report a version and replicas that differ can be told apart.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.bytes(toJson()));
                f = HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            fingerprint = f;
        }
        return f;
    }

    private volatile String fingerprint;

    public ServerCatalog withTools(List<ObjectNode> t) {
        return new ServerCatalog(
                capabilities, serverInfo, instructions, protocolVersion, t, prompts, resources, resourceTemplates);
    }

    public ServerCatalog withPrompts(List<ObjectNode> p) {
        return new ServerCatalog(
                capabilities, serverInfo, instructions, protocolVersion, tools, p, resources, resourceTemplates);
    }

    public ServerCatalog withResources(List<ObjectNode> r, List<ObjectNode> templates) {
        return new ServerCatalog(capabilities, serverInfo, instructions, protocolVersion, tools, prompts, r, templates);
    }

    public ObjectNode capabilities() {
        return capabilities;
    }

    public boolean has(String capability) {
        JsonNode c = capabilities.get(capability);
        return c != null && !c.isNull();
    }

    public ObjectNode serverInfo() {
        return serverInfo;
    }

    public String instructions() {
        return instructions;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public List<ObjectNode> tools() {
        return tools;
    }

    public List<ObjectNode> prompts() {
        return prompts;
    }

    public List<ObjectNode> resources() {
        return resources;
    }

    public List<ObjectNode> resourceTemplates() {
        return resourceTemplates;
    }

    public ObjectNode tool(String name) {
        return toolsByName.get(name);
    }

    public ObjectNode prompt(String name) {
        return promptsByName.get(name);
    }

    /** True when the uri is one of the listed resources or matches one of the templates. */
    public boolean serves(String uri) {
        if (resourcesByUri.containsKey(uri)) {
            return true;
        }
        for (UriTemplate t : templates) {
            if (t.matches(uri)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasTemplate(String uriTemplate) {
        for (ObjectNode t : resourceTemplates) {
            if (uriTemplate.equals(Json.text(t, "uriTemplate"))) {
                return true;
            }
        }
        return false;
    }
}
