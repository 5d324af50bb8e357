package io.mcphub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Names on each endpoint: prefixed on /mcp and groups, the server's own on /mcp/{server}; filters and overrides. */
class RoutingTest {
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        hub = RunningHub.startConnected(
                """
                {"mcpServers": {
                   "alpha": %s,
                   "beta": %s,
                   "gamma": %s},
                 "groups": [
                   {"id": "g-1", "name": "team", "servers": [{"name": "alpha", "tools": ["echo", "whoami"]}, "beta"]}
                 ],
                 "systemConfig": {"nameSeparator": "__"}}
                """.formatted(
                                RunningHub.fixtureServer("alpha"),
                                RunningHub.fixtureServer("beta"),
                                withOverrides(RunningHub.fixtureServer("gamma"))),
                "alpha",
                "beta",
                "gamma");
    }

    private static String withOverrides(String server) {
        return server.substring(0, server.length() - 1)
                + ", \"tools\": {\"crash\": {\"enabled\": false}, \"echo\": {\"description\": \"Says it again\"}}"
                + ", \"prompts\": {\"test_prompt_with_image\": {\"enabled\": false}}}";
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static List<String> toolNames(McpHttpClient c) {
        List<String> names = new ArrayList<>();
        c.call("tools/list", null)
                .path("result")
                .path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    @Test
    void globalEndpoint_prefixesEveryNameWithItsServer() {
        McpHttpClient c = hub.client("/mcp");
        c.initialize();
        List<String> names = toolNames(c);
        assertTrue(
                names.containsAll(List.of("alpha__echo", "beta__echo", "gamma__echo", "alpha__test_simple_text")),
                names::toString);
        assertTrue(
                names.stream()
                        .allMatch(n -> n.startsWith("alpha__") || n.startsWith("beta__") || n.startsWith("gamma__")),
                names::toString);
        JsonNode who = c.callTool("beta__whoami", null);
        assertEquals(
                "beta",
                who.path("result").path("structuredContent").path("name").asText(),
                who::toString);
    }

    @Test
    void serverEndpoint_passesTheServersOwnNamesThrough() {
        McpHttpClient c = hub.client("/mcp/alpha");
        c.initialize();
        List<String> names = toolNames(c);
        assertTrue(names.contains("echo") && names.contains("whoami"), names::toString);
        assertFalse(names.stream().anyMatch(n -> n.contains("__")), names::toString);
        JsonNode who = c.callTool("whoami", null);
        assertEquals(
                "alpha",
                who.path("result").path("structuredContent").path("name").asText());
        JsonNode prompt = c.call("prompts/get", Json.object().put("name", "test_simple_prompt"));
        assertTrue(prompt.has("result"), prompt::toString);
    }

    @Test
    void groupEndpoint_showsOnlyItsServersAndTheirAllowedTools_byIdAndByName() {
        for (String route : List.of("/mcp/g-1", "/mcp/team")) {
            McpHttpClient c = hub.client(route);
            c.initialize();
            List<String> names = toolNames(c);
            assertTrue(
                    names.containsAll(List.of("alpha__echo", "alpha__whoami", "beta__echo", "beta__add")),
                    names::toString);
            assertFalse(names.contains("alpha__add"), names::toString);
            assertFalse(names.stream().anyMatch(n -> n.startsWith("gamma__")), names::toString);
            JsonNode filtered =
                    c.callTool("alpha__add", Json.object().put("a", 1).put("b", 2));
            assertEquals(-32602, filtered.path("error").path("code").asInt(), filtered::toString);
            assertEquals(
                    "3",
                    c.callTool("beta__add", Json.object().put("a", 1).put("b", 2))
                            .path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText());
        }
    }

    @Test
    void toolAndPromptOverrides_hideDisabledItemsAndReplaceDescriptions() {
        McpHttpClient c = hub.client("/mcp/gamma");
        c.initialize();
        JsonNode tools = c.call("tools/list", null).path("result").path("tools");
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asText()));
        assertFalse(names.contains("crash"), names::toString);
        tools.forEach(t -> {
            if (t.path("name").asText().equals("echo")) {
                assertEquals("Says it again", t.path("description").asText());
            }
        });
        JsonNode disabled = c.callTool("crash", null);
        assertEquals(-32602, disabled.path("error").path("code").asInt(), disabled::toString);
        assertTrue(hub.hub().upstream("gamma").status().connected(), "a disabled tool must never reach the server");
        List<String> prompts = new ArrayList<>();
        c.call("prompts/list", null)
                .path("result")
                .path("prompts")
                .forEach(p -> prompts.add(p.path("name").asText()));
        assertTrue(
                prompts.contains("test_simple_prompt") && !prompts.contains("test_prompt_with_image"),
                prompts::toString);
        assertEquals(
                -32602,
                c.call("prompts/get", Json.object().put("name", "test_prompt_with_image"))
                        .path("error")
                        .path("code")
                        .asInt());
    }

    @Test
    void unknownFields_areForwardedUnchanged() {
        McpHttpClient c = hub.client("/mcp");
        c.initialize();
        var params = Json.object().put("name", "alpha__echo");
        params.putObject("arguments").put("text", "x");
        params.putObject("_meta").put("vendor.example/trace", "abc");
        JsonNode r = c.call("tools/call", params);
        assertEquals("x", r.path("result").path("content").path(0).path("text").asText(), r::toString);
    }

    @Test
    void resources_andTemplates_routeToTheServerThatOwnsTheUri() {
        McpHttpClient c = hub.client("/mcp/team");
        c.initialize();
        JsonNode list = c.call("resources/list", null);
        assertTrue(list.path("result").path("resources").size() >= 2, list::toString);
        JsonNode read = c.call("resources/read", Json.object().put("uri", "test://template/42/data"));
        assertTrue(
                read.path("result")
                        .path("contents")
                        .path(0)
                        .path("uri")
                        .asText()
                        .contains("42"),
                read::toString);
        JsonNode missing = c.call("resources/read", Json.object().put("uri", "nope://x"));
        assertEquals(-32002, missing.path("error").path("code").asInt(), missing::toString);
    }

    @Test
    void unknownMethod_onAnAggregatedEndpoint_isMethodNotFound_andForwardedOnAServerEndpoint() {
        McpHttpClient all = hub.client("/mcp");
        all.initialize();
        assertEquals(
                -32601,
                all.call("vendor/custom", null).path("error").path("code").asInt());
        McpHttpClient one = hub.client("/mcp/alpha");
        one.initialize();
        // the fixture itself answers -32601 for methods it does not know: the hub forwarded it
        JsonNode r = one.call("vendor/custom", null);
        assertEquals(-32601, r.path("error").path("code").asInt(), r::toString);
        assertFalse(r.path("error").path("message").asText().contains("several servers"), r::toString);
    }
}
