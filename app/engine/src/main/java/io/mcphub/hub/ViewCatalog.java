package io.mcphub.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.GroupConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.Upstream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregated catalog of one endpoint view at one catalog version: the list results ready to send, and the maps
 * from exposed names back to servers. Immutable; rebuilt when any server's catalog changes.
 */
final class ViewCatalog {
    final long version;
    final ObjectNode toolsResult;
    final ObjectNode promptsResult;
    final ObjectNode resourcesResult;
    final ObjectNode templatesResult;
    private final Map<String, Target> tools;
    private final Map<String, Target> prompts;
    private final List<Upstream> members;
    private final EndpointView view;

    private ViewCatalog(
            long version,
            ObjectNode toolsResult,
            ObjectNode promptsResult,
            ObjectNode resourcesResult,
            ObjectNode templatesResult,
            Map<String, Target> tools,
            Map<String, Target> prompts,
            List<Upstream> members,
            EndpointView view) {
        this.version = version;
        this.toolsResult = toolsResult;
        this.promptsResult = promptsResult;
        this.resourcesResult = resourcesResult;
        this.templatesResult = templatesResult;
        this.tools = tools;
        this.prompts = prompts;
        this.members = members;
        this.view = view;
    }

    static ViewCatalog build(long version, EndpointView view, List<Upstream> servers, String separator) {
        ObjectNode toolsResult = Json.object();
        ArrayNode toolList = toolsResult.putArray("tools");
        ObjectNode promptsResult = Json.object();
        ArrayNode promptList = promptsResult.putArray("prompts");
        ObjectNode resourcesResult = Json.object();
        ArrayNode resourceList = resourcesResult.putArray("resources");
        ObjectNode templatesResult = Json.object();
        ArrayNode templateList = templatesResult.putArray("resourceTemplates");
        Map<String, Target> tools = new HashMap<>();
        Map<String, Target> prompts = new HashMap<>();
        List<Upstream> members =
                servers.stream().filter(s -> view.includes(s.name())).toList();
        for (Upstream server : members) {
            ServerCatalog cat = server.catalog();
            GroupConfig.Member member = view.member(server.name());
            // a group member's alias replaces the server's name in what the group shows (MCPHub's "alias")
            String prefix = view.prefixed() ? member.exposedName() + separator : "";
            for (ObjectNode tool : cat.tools()) {
                String name = Json.text(tool, "name");
                if (name == null || !member.exposes(name)) {
                    continue;
                }
                if (tools.putIfAbsent(prefix + name, new Target(server.name(), name)) == null) {
                    toolList.add(view.prefixed() ? renamed(tool, prefix + name) : tool);
                }
            }
            for (ObjectNode prompt : cat.prompts()) {
                String name = Json.text(prompt, "name");
                if (name == null || !member.exposesPrompt(name)) {
                    continue;
                }
                if (prompts.putIfAbsent(prefix + name, new Target(server.name(), name)) == null) {
                    promptList.add(view.prefixed() ? renamed(prompt, prefix + name) : prompt);
                }
            }
            for (ObjectNode resource : cat.resources()) {
                if (member.exposesResource(Json.text(resource, "uri"))) {
                    resourceList.add(resource);
                }
            }
            for (ObjectNode template : cat.resourceTemplates()) {
                if (member.exposesResource(Json.text(template, "uriTemplate"))) {
                    templateList.add(template);
                }
            }
        }
        return new ViewCatalog(
                version,
                toolsResult,
                promptsResult,
                resourcesResult,
                templatesResult,
                Map.copyOf(tools),
                Map.copyOf(prompts),
                members,
                view);
    }

    private static ObjectNode renamed(ObjectNode item, String name) {
        ObjectNode copy = item.deepCopy();
        copy.put("name", name);
        return copy;
    }

    Target tool(String exposed) {
        return tools.get(exposed);
    }

    Target prompt(String exposed) {
        return prompts.get(exposed);
    }

    /** The server that serves a resource URI: the one that lists it or has a matching template. */
    Upstream resourceOwner(String uri) {
        for (Upstream s : members) {
            if (s.catalog().serves(uri) && view.member(s.name()).exposesResource(uri)) {
                return s;
            }
        }
        // a URI that no list shows (resources may be dynamic) goes to the only server with resources, if one,
        // unless the view selects that server's resources (a group's "resources")
        Upstream only = null;
        for (Upstream s : members) {
            if (s.catalog().has("resources") && view.member(s.name()).exposesResource(uri)) {
                if (only != null) {
                    return null;
                }
                only = s;
            }
        }
        return only;
    }

    Upstream templateOwner(String uriTemplate) {
        for (Upstream s : members) {
            if (s.catalog().hasTemplate(uriTemplate)) {
                return s;
            }
        }
        return resourceOwner(uriTemplate);
    }

    List<Upstream> members() {
        return members;
    }
}
