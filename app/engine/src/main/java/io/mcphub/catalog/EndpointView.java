package io.mcphub.catalog;

import io.mcphub.config.GroupConfig;
import java.util.List;

/**
 * What one endpoint shows: every server ({@code /mcp}), a group ({@code /mcp/{group}}) or one server
 * ({@code /mcp/{server}}). Only the single-server view passes names through unprefixed.
 *
 * @param members the servers in view, or null for "every server the hub has"
 */
public record EndpointView(String key, String label, List<GroupConfig.Member> members, boolean prefixed) {

    public static EndpointView global() {
        return new EndpointView("*", "all servers", null, true);
    }

    public static EndpointView group(GroupConfig g) {
        return new EndpointView("group:" + g.id(), "group " + g.name(), g.servers(), true);
    }

    public static EndpointView server(String name) {
        return new EndpointView("server:" + name, "server " + name, List.of(new GroupConfig.Member(name, null)), false);
    }

    public boolean includes(String server) {
        if (members == null) {
            return true;
        }
        for (GroupConfig.Member m : members) {
            if (m.server().equals(server)) {
                return true;
            }
        }
        return false;
    }

    /** The member entry of a server (for its tool filter); null when not in view. */
    public GroupConfig.Member member(String server) {
        if (members == null) {
            return new GroupConfig.Member(server, null);
        }
        for (GroupConfig.Member m : members) {
            if (m.server().equals(server)) {
                return m;
            }
        }
        return null;
    }

    /** The single server of a server view, else null. */
    public String singleServer() {
        return !prefixed && members != null && members.size() == 1
                ? members.get(0).server()
                : null;
    }
}
