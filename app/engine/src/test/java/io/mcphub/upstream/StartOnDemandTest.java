package io.mcphub.upstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MCPHub's startOnDemand: a stdio server runs only while it is used, and its tools stay listed meanwhile. */
class StartOnDemandTest {

    @Test
    void onDemandServer_startsOnItsFirstCallAndStopsWhenIdle() {
        String fixture = RunningHub.fixtureServer("od");
        String settings = "{\"mcpServers\": {\"od\": " + fixture.substring(0, fixture.length() - 1)
                + ", \"startOnDemand\": true, \"idleTimeoutMs\": 1000}}}";
        try (RunningHub hub = RunningHub.start(settings)) {
            UpstreamServer od = (UpstreamServer) hub.hub().upstream("od");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !od.catalog().tools().isEmpty() && od.pid() == -1);
            assertTrue(od.status().connected(), "an idle on-demand server is ready to serve: " + od.status());

            McpHttpClient c = hub.client("/mcp");
            c.initialize();
            List<String> tools = new ArrayList<>();
            JsonNode list = c.call("tools/list", Json.object()).path("result").path("tools");
            list.forEach(t -> tools.add(t.path("name").asText()));
            assertTrue(tools.contains("od-whoami"), "its tools are listed while it sleeps: " + tools);

            long first = c.callTool("od-whoami", null)
                    .path("result")
                    .path("structuredContent")
                    .path("pid")
                    .asLong();
            assertTrue(first > 0);
            assertEquals(first, od.pid(), "the call started the process");
            ProcessHandle process = ProcessHandle.of(first).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() && od.pid() == -1);

            long second = c.callTool("od-whoami", null)
                    .path("result")
                    .path("structuredContent")
                    .path("pid")
                    .asLong();
            assertTrue(second > 0);
            assertNotEquals(first, second, "a new process for the next call");
        }
    }
}
