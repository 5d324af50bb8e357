package io.mcphub.config;

import java.util.List;
import java.util.Set;

/** A group from MCPHub's {@code groups}: reachable at {@code /mcp/{id}} and, by default, {@code /mcp/{name}}. */
public record GroupConfig(String id, String name, String description, List<Member> servers) {

    /**
     * A server in a group. {@code alias} is the name the group shows it under (its tools are
     * {@code <alias>-<tool>}); null means its own name. {@code tools}, {@code prompts} and {@code resources} (URIs)
     * null means all of them.
     */
    public record Member(String server, String alias, Set<String> tools, Set<String> prompts, Set<String> resources) {

        /** A member showing everything of {@code server} under its own name, or only {@code tools}. */
        public Member(String server, Set<String> tools) {
            this(server, null, tools, null, null);
        }

        /** The name the group shows the server under. */
        public String exposedName() {
            return alias == null ? server : alias;
        }

        public boolean exposes(String tool) {
            return tools == null || tools.contains(tool);
        }

        public boolean exposesPrompt(String prompt) {
            return prompts == null || prompts.contains(prompt);
        }

        public boolean exposesResource(String uri) {
            return resources == null || resources.contains(uri);
        }
    }
}
