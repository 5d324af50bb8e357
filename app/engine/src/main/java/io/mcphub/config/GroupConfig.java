package io.mcphub.config;

import java.util.List;
import java.util.Set;

/** A group from MCPHub's {@code groups}: reachable at {@code /mcp/{id}} and, by default, {@code /mcp/{name}}. */
public record GroupConfig(String id, String name, String description, List<Member> servers) {

    /** A server in a group; {@code tools} null means all of its tools. */
    public record Member(String server, Set<String> tools) {
        public boolean exposes(String tool) {
            return tools == null || tools.contains(tool);
        }
    }
}
