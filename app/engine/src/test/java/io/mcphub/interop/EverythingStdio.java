package io.mcphub.interop;

import io.mcphub.support.RunningHub;
import io.mcphub.testkit.node.NodeTools;

/** The settings entry for the official reference server, over stdio, run with the project's own Node 22. */
final class EverythingStdio {
    private EverythingStdio() {}

    static String settings() {
        NodeTools tools = NodeTools.get();
        String script = tools.binScript("@modelcontextprotocol/server-everything", "mcp-server-everything")
                .toString();
        return "{\"mcpServers\": {\"everything\": {\"command\": "
                + RunningHub.quote(tools.node().toString()) + ", \"args\": [" + RunningHub.quote(script)
                + ", \"stdio\"]}}}";
    }
}
