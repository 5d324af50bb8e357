package io.mcphub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCPHub's per-server {@code resources} overrides and a group member's {@code alias}, {@code prompts} and
 * {@code resources} selections, on a real hub with the fixture server.
 */
class McpHubSelectionsTest {
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        String fixture = RunningHub.fixtureServer("fixture");
        String withOverrides = fixture.substring(0, fixture.length() - 1) + ", \"resources\": {"
                + "\"test://static-binary\": {\"enabled\": false},"
                + " \"test://static-text\": {\"description\": \"Overridden text\"}}}";
        hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"fixture\": " + withOverrides + "},"
                        + " \"groups\": [{\"id\": \"g\", \"name\": \"picked\", \"servers\": [{\"name\": \"fixture\","
                        + " \"alias\": \"fx\", \"tools\": [\"echo\"], \"prompts\": [\"test_simple_prompt\"],"
                        + " \"resources\": [\"test://static-text\"]}]}]}",
                "fixture");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(item -> out.add(item.path(field).asText()));
        return out;
    }

    @Test
    void resourceOverrides_hideAndRedescribeResourcesByUri() {
        McpHttpClient c = hub.client("/mcp");
        c.initialize();
        JsonNode resources =
                c.call("resources/list", Json.object()).path("result").path("resources");
        List<String> uris = names(resources, "uri");
        assertTrue(uris.contains("test://static-text"), uris.toString());
        assertTrue(!uris.contains("test://static-binary"), "a disabled resource is not listed: " + uris);
        for (JsonNode r : resources) {
            if (r.path("uri").asText().equals("test://static-text")) {
                assertEquals("Overridden text", r.path("description").asText());
            }
        }
    }

    @Test
    void groupMember_isShownUnderItsAliasWithOnlyTheSelectedToolsPromptsAndResources() {
        McpHttpClient c = hub.client("/mcp/picked");
        c.initialize();
        assertEquals(
                List.of("fx-echo"),
                names(c.call("tools/list", Json.object()).path("result").path("tools"), "name"));
        assertEquals(
                List.of("fx-test_simple_prompt"),
                names(c.call("prompts/list", Json.object()).path("result").path("prompts"), "name"));
        assertEquals(
                List.of("test://static-text"),
                names(c.call("resources/list", Json.object()).path("result").path("resources"), "uri"));
        assertEquals(
                "via alias",
                c.callTool("fx-echo", Json.object().put("text", "via alias"))
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText());
        JsonNode prompt = c.call("prompts/get", Json.object().put("name", "fx-test_simple_prompt"));
        assertTrue(prompt.has("result"), prompt.toString());
        JsonNode notSelected = c.call("resources/read", Json.object().put("uri", "test://watched-resource"));
        assertTrue(notSelected.has("error"), "a resource the group does not select is not found: " + notSelected);
        JsonNode selected = c.call("resources/read", Json.object().put("uri", "test://static-text"));
        assertTrue(selected.has("result"), selected.toString());
        JsonNode unaliased = c.callTool("fixture-echo", Json.object().put("text", "x"));
        assertTrue(unaliased.has("error"), "the server's own name is not shown in the group: " + unaliased);
    }
}
