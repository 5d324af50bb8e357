package io.mcphub.config;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads MCPHub's {@code groups}: the array form of the settings file ({@code [{"id", "name", "servers"}]}) and the
 * object form of MCPHub's docs ({@code {"<id>": {"name", "servers"}}}, the key being the id).
 */
final class GroupSettings {
    private GroupSettings() {}

    /** @param serverNames the servers a member may name; null when any name goes (a coordinator's nodes run them) */
    static List<GroupConfig> read(ConfigReader r, Set<String> serverNames, Set<String> ignored) {
        Object node = r.view().get("groups").orElse(null);
        if (node == null) {
            return List.of();
        }
        List<GroupConfig> out = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                GroupConfig g = group(r, list.get(i), "groups[" + i + "]", null, serverNames, ignored);
                if (g != null) {
                    out.add(g);
                }
            }
        } else if (node instanceof ConfigView byId) {
            for (String id : byId.keys()) {
                GroupConfig g = group(r, byId.get(id).orElse(null), byId.pathOf(id), id, serverNames, ignored);
                if (g != null) {
                    out.add(g);
                }
            }
        } else {
            r.error("groups", node, "an array of groups, or an object of groups by id");
        }
        return List.copyOf(out);
    }

    private static GroupConfig group(
            ConfigReader out, Object value, String path, String key, Set<String> serverNames, Set<String> ignored) {
        if (!(value instanceof ConfigView g)) {
            out.add(ConfigProblem.of(path, value, "an object"));
            return null;
        }
        ConfigReader r = new ConfigReader(g);
        r.knownKeys(McpHubKeys.GROUP.known());
        r.present(McpHubKeys.GROUP.ignored()).forEach(k -> ignored.add("groups.*." + k));
        String id = r.string("id", key);
        String name = r.string("name", null);
        if (id == null && name == null) {
            r.add(new ConfigProblem(path, "{...}", "a group with an \"id\" or a \"name\""));
        }
        List<GroupConfig.Member> members = new ArrayList<>();
        Object list = g.get("servers").orElse(null);
        if (list != null && !(list instanceof List<?>)) {
            r.error("servers", list, "an array of server names or {\"name\", \"tools\"}");
        } else if (list != null) {
            List<?> items = (List<?>) list;
            for (int j = 0; j < items.size(); j++) {
                GroupConfig.Member m = member(r, items.get(j), g.pathOf("servers") + "[" + j + "]", serverNames);
                if (m != null) {
                    members.add(m);
                }
            }
        }
        String description = r.string("description", "", s -> true, "a string");
        out.addAll(r.result(Boolean.TRUE));
        if (id == null && name == null) {
            return null;
        }
        return new GroupConfig(id == null ? name : id, name == null ? id : name, description, List.copyOf(members));
    }

    private static GroupConfig.Member member(ConfigReader out, Object node, String path, Set<String> serverNames) {
        String server;
        String alias = null;
        Set<String> tools = null;
        Set<String> prompts = null;
        Set<String> resources = null;
        if (node instanceof String s) {
            server = s;
        } else if (node instanceof ConfigView m && m.get("name").orElse(null) instanceof String s) {
            server = s;
            ConfigReader r = new ConfigReader(m);
            r.knownKeys(McpHubKeys.GROUP_MEMBER.known());
            alias = r.string("alias", null, a -> !a.isBlank() && !a.contains("/"), "a non-empty name without '/'");
            tools = ServerSettings.selection(r, "tools", "tool names");
            prompts = ServerSettings.selection(r, "prompts", "prompt names");
            resources = ServerSettings.selection(r, "resources", "resource URIs");
            out.addAll(r.result(Boolean.TRUE));
            if (!r.errors().isEmpty()) {
                return null;
            }
        } else {
            out.add(ConfigProblem.of(path, node, "a server name or {\"name\": ..., \"tools\": \"all\" | [...]}"));
            return null;
        }
        if (serverNames != null && !serverNames.contains(server)) {
            // MCPHub serves such a group without the missing server; so does this hub, with a warning (a typo?)
            out.addWarning(ConfigProblem.of(path, server, "a name in mcpServers: " + String.join(", ", serverNames)));
            return null;
        }
        return new GroupConfig.Member(server, alias, tools, prompts, resources);
    }
}
