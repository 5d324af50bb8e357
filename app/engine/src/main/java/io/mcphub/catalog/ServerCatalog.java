package io.mcphub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one server offers, as last listed: an immutable snapshot, replaced whole when a list changes.
 * Items are the server's own JSON objects (unknown fields kept) with the config's overrides applied.
 */
public final class ServerCatalog {
    public static final ServerCatalog EMPTY = new ServerCatalog(Json.object(), Json.object(), null, null,
            List.of(), List.of(), List.of(), List.of());

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

    public ServerCatalog(ObjectNode capabilities, ObjectNode serverInfo, String instructions, String protocolVersion,
            List<ObjectNode> tools, List<ObjectNode> prompts, List<ObjectNode> resources, List<ObjectNode> resourceTemplates) {
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
                .map(t -> Json.text(t, "uriTemplate")).filter(u -> u != null).map(UriTemplate::new).toList();
    }

    private static Map<String, ObjectNode> index(List<ObjectNode> items, String key) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (ObjectNode item : items) {
            String k = Json.text(item, key);
            if (k != null) out.putIfAbsent(k, item);
        }
        return Map.copyOf(out);
    }

    public ServerCatalog withTools(List<ObjectNode> t) {
        return new ServerCatalog(capabilities, serverInfo, instructions, protocolVersion, t, prompts, resources, resourceTemplates);
    }

    public ServerCatalog withPrompts(List<ObjectNode> p) {
        return new ServerCatalog(capabilities, serverInfo, instructions, protocolVersion, tools, p, resources, resourceTemplates);
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
        if (resourcesByUri.containsKey(uri)) return true;
        for (UriTemplate t : templates) {
            if (t.matches(uri)) return true;
        }
        return false;
    }

    public boolean hasTemplate(String uriTemplate) {
        for (ObjectNode t : resourceTemplates) {
            if (uriTemplate.equals(Json.text(t, "uriTemplate"))) return true;
        }
        return false;
    }
}
