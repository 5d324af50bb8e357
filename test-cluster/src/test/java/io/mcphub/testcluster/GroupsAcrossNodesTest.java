package io.mcphub.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Property P8 (docs/properties.md), federation: a group of the coordinator whose servers live on different nodes (node
 * 1 runs server a,
 * node 2 runs server b) exposes both, each call going to the node that has the server.
 */
class GroupsAcrossNodesTest {

    static McpSyncClient client(TestCluster cluster, String endpoint) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(
                                cluster.coordinatorUrl().toString())
                        .endpoint(endpoint)
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        c.initialize();
        return c;
    }

    static String whoami(McpSyncClient c, String tool) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
        assertTrue(!Boolean.TRUE.equals(r.isError()), r::toString);
        return (String) ((Map<?, ?>) r.structuredContent()).get("name");
    }

    @Test
    void groupWithServersOnDifferentNodes_exposesBoth() {
        try (TestCluster cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    var servers = Json.object();
                    servers.set(
                            i == 0 ? "a" : "b",
                            TestCluster.fixtureServer((i == 0 ? "a" : "b") + "@" + "node-" + (i + 1)));
                    return servers;
                })
                .coordinatorSettings("{\"groups\": [{\"name\": \"pair\", \"servers\": [\"a\", \"b\"]}]}")
                .start()) {
            McpSyncClient group = client(cluster, "/mcp/pair");
            try {
                List<String> tools = group.listTools().tools().stream()
                        .map(McpSchema.Tool::name)
                        .toList();
                assertTrue(
                        tools.containsAll(List.of("a-whoami", "a-counter", "b-whoami", "b-counter")), tools::toString);
                assertTrue(tools.stream().allMatch(t -> t.startsWith("a-") || t.startsWith("b-")), tools::toString);
                assertEquals("a@node-1", whoami(group, "a-whoami"));
                assertEquals("b@node-2", whoami(group, "b-whoami"));
            } finally {
                group.closeGracefully();
            }
            McpSyncClient single = client(cluster, "/mcp/b");
            try {
                assertEquals("b@node-2", whoami(single, "whoami"));
            } finally {
                single.closeGracefully();
            }
            JsonNode replicas = cluster.managementGet("/api/cluster/servers/a/replicas");
            assertEquals(
                    List.of("node-1"),
                    StreamSupport.stream(replicas.spliterator(), false)
                            .map(r -> r.path("nodeId").asText())
                            .toList(),
                    replicas::toString);
        }
    }
}
