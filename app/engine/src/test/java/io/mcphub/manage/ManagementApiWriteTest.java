package io.mcphub.manage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import io.mcphub.upstream.UpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management API's writes on a real hub with real fixture processes: applied live and saved to the file. */
class ManagementApiWriteTest {
    @TempDir
    Path dir;

    private static List<String> toolNames(McpHttpClient client) {
        JsonNode tools = client.call("tools/list", Json.object()).path("result").path("tools");
        return StreamSupport.stream(tools.spliterator(), false)
                .map(t -> t.path("name").asText())
                .toList();
    }

    @Test
    void postServer_isCallableThroughMcpWithoutRestart_andSavedToTheFile() throws Exception {
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings("", ""))) {
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            assertTrue(toolNames(client).isEmpty());

            ManagedHub.Answer added = hub.api(
                    "POST",
                    "/api/servers",
                    "{\"name\": \"fresh\", \"config\": " + RunningHub.fixtureServer("fresh") + "}");
            assertEquals(200, added.status(), added.body()::toString);
            assertTrue(added.body().path("success").asBoolean());
            assertEquals("fresh", added.body().path("data").path("name").asText());

            await().atMost(Duration.ofSeconds(60)).until(() -> toolNames(client).contains("fresh-echo"));
            JsonNode result = client.callTool("fresh-echo", Json.object().put("text", "hello"));
            assertEquals(
                    "hello",
                    result.path("result").path("content").get(0).path("text").asText(),
                    result::toString);
            assertTrue(hub.fileJson().path("mcpServers").has("fresh"), hub.fileJson()::toString);
            assertEquals(
                    "fresh",
                    hub.api("GET", "/api/servers/fresh", null)
                            .body()
                            .path("data")
                            .path("name")
                            .asText());
        }
    }

    @Test
    void toggleTool_removesItFromToolsList_andConnectedClientGetsListChanged() throws Exception {
        String servers =
                "\"alpha\": " + RunningHub.fixtureServer("alpha") + ", \"beta\": " + RunningHub.fixtureServer("beta");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(servers, ""))) {
            hub.awaitConnected("alpha");
            hub.awaitConnected("beta");
            McpHttpClient client = hub.client("/mcp");
            // a 2025-06-18 stream has no priming event: its first event is the first message
            client.initialize("2025-06-18", Json.object());
            assertTrue(toolNames(client).contains("alpha-echo"));
            long betaPid = ((UpstreamServer) hub.hub.upstream("beta")).pid();
            CompletableFuture<McpHttpClient.Reply> stream =
                    CompletableFuture.supplyAsync(() -> client.get(Map.of(), 1));
            // a notification sent before the GET attaches waits in the session's buffer, replayed from the start
            ManagedHub.Answer off = hub.api("POST", "/api/servers/alpha/tools/echo/toggle", "{\"enabled\": false}");
            assertEquals(200, off.status(), off.body()::toString);
            assertFalse(off.body().path("data").path("enabled").asBoolean(true));

            McpHttpClient.Reply events = stream.get(30, TimeUnit.SECONDS);
            assertEquals(
                    "notifications/tools/list_changed",
                    events.messages().get(0).path("method").asText());
            List<String> now = toolNames(client);
            assertFalse(now.contains("alpha-echo"), now::toString);
            assertTrue(now.contains("alpha-add") && now.contains("beta-echo"), now::toString);
            assertEquals(
                    false,
                    hub.fileJson().at("/mcpServers/alpha/tools/echo/enabled").asBoolean(true),
                    hub.fileJson()::toString);
            // the other server was not restarted
            assertEquals(betaPid, ((UpstreamServer) hub.hub.upstream("beta")).pid());
            JsonNode listed = hub.api("GET", "/api/servers/alpha", null)
                    .body()
                    .path("data")
                    .path("tools");
            assertTrue(
                    StreamSupport.stream(listed.spliterator(), false)
                            .anyMatch(t -> t.path("name").asText().equals("echo")
                                    && !t.path("enabled").asBoolean(true)),
                    listed::toString);

            assertEquals(
                    200,
                    hub.api("POST", "/api/servers/alpha/tools/echo/toggle", "{\"enabled\": true}")
                            .status());
            await().atMost(Duration.ofSeconds(30)).until(() -> toolNames(client).contains("alpha-echo"));
        }
    }

    @Test
    void toolDescription_setAndReset_showInToolsList() throws Exception {
        String servers = "\"alpha\": " + RunningHub.fixtureServer("alpha");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(servers, ""))) {
            hub.awaitConnected("alpha");
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            ManagedHub.Answer set =
                    hub.api("PUT", "/api/servers/alpha/tools/echo/description", "{\"description\": \"Says it back\"}");
            assertEquals(200, set.status(), set.body()::toString);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> description(client, "alpha-echo").equals("Says it back"));
            assertEquals(
                    200,
                    hub.api("DELETE", "/api/servers/alpha/tools/echo/description", null)
                            .status());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> description(client, "alpha-echo").equals("Returns its text argument"));
            assertFalse(hub.fileJson().path("mcpServers").path("alpha").has("tools"), hub.fileJson()::toString);
            assertEquals(
                    404,
                    hub.api("POST", "/api/servers/alpha/tools/nope/toggle", "{}")
                            .status());
        }
    }

    private static String description(McpHttpClient client, String tool) {
        for (JsonNode t :
                client.call("tools/list", Json.object()).path("result").path("tools")) {
            if (t.path("name").asText().equals(tool)) {
                return t.path("description").asText();
            }
        }
        return "";
    }

    @Test
    void deleteServer_stopsItsProcess_andRemovesItFromTheFile() throws Exception {
        String servers =
                "\"doomed\": " + RunningHub.fixtureServer("doomed") + ", \"kept\": " + RunningHub.fixtureServer("kept");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(servers, ""))) {
            hub.awaitConnected("doomed");
            hub.awaitConnected("kept");
            long pid = ((UpstreamServer) hub.hub.upstream("doomed")).pid();
            long keptPid = ((UpstreamServer) hub.hub.upstream("kept")).pid();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            ManagedHub.Answer deleted = hub.api("DELETE", "/api/servers/doomed", null);
            assertEquals(200, deleted.status(), deleted.body()::toString);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(null, hub.hub.upstream("doomed"));
            assertFalse(hub.fileJson().path("mcpServers").has("doomed"));
            assertEquals(keptPid, ((UpstreamServer) hub.hub.upstream("kept")).pid());
            assertTrue(ProcessHandle.of(keptPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(404, hub.api("GET", "/api/servers/doomed", null).status());
        }
    }

    @Test
    void apiEdit_keepsKeysTheHubDoesNotKnow_andTheBakHoldsThePreviousFile() throws Exception {
        String servers = "\"alpha\": {\"command\": \"/nonexistent/x\", \"enabled\": false, \"x-team-note\": \"ours\"}";
        String extra = "\"users\": [{\"username\": \"admin\", \"isAdmin\": true}], \"x-custom\": {\"kept\": [1, 2]}";
        Path file = dir.resolve("mcp_settings.json");
        try (ManagedHub hub = ManagedHub.start(file, ManagedHub.settings(servers, extra))) {
            String before = Files.readString(file);
            ManagedHub.Answer r = hub.api("POST", "/api/servers/alpha/toggle", "{\"enabled\": false}");
            assertEquals(200, r.status(), r.body()::toString);
            JsonNode after = hub.fileJson();
            assertEquals("ours", after.at("/mcpServers/alpha/x-team-note").asText(), after::toString);
            assertEquals("admin", after.at("/users/0/username").asText(), after::toString);
            assertEquals(2, after.at("/x-custom/kept/1").asInt(), after::toString);
            assertEquals(before, Files.readString(dir.resolve("mcp_settings.json.bak")));
        }
    }

    @Test
    void groups_createAddServerRemove_andTheGroupEndpointFollows() throws Exception {
        String servers =
                "\"alpha\": " + RunningHub.fixtureServer("alpha") + ", \"beta\": " + RunningHub.fixtureServer("beta");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(servers, ""))) {
            hub.awaitConnected("alpha");
            hub.awaitConnected("beta");
            ManagedHub.Answer created =
                    hub.api("POST", "/api/groups", "{\"id\": \"team\", \"name\": \"Team\", \"servers\": [\"alpha\"]}");
            assertEquals(201, created.status(), created.body()::toString);
            assertEquals("team", created.body().path("data").path("id").asText(), created.body()::toString);
            McpHttpClient client = hub.client("/mcp/team");
            client.initialize();
            assertTrue(toolNames(client).contains("alpha-echo"));
            assertFalse(toolNames(client).contains("beta-echo"));

            assertEquals(
                    200,
                    hub.api("POST", "/api/groups/team/servers", "{\"serverName\": \"beta\"}")
                            .status());
            await().atMost(Duration.ofSeconds(10)).until(() -> toolNames(client).contains("beta-echo"));
            assertEquals(
                    200,
                    hub.api("DELETE", "/api/groups/team/servers/alpha", null).status());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !toolNames(client).contains("alpha-echo"));

            JsonNode groups = hub.api("GET", "/api/groups", null).body().path("data");
            assertEquals(1, groups.size(), groups::toString);
            assertEquals("[\"beta\"]", Json.write(groups.get(0).path("servers")));
            assertEquals("Team", hub.fileJson().at("/groups/0/name").asText(), hub.fileJson()::toString);
            assertEquals(404, hub.api("GET", "/api/groups/nobody", null).status());
            assertEquals(200, hub.api("DELETE", "/api/groups/team", null).status());
            assertEquals(
                    0, hub.api("GET", "/api/groups", null).body().path("data").size());
        }
    }

    @Test
    void systemConfig_liveKeyApplies_otherKeyIs400NamingIt() throws Exception {
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings("", ""))) {
            ManagedHub.Answer off =
                    hub.api("PUT", "/api/system-config", "{\"routing\": {\"enableGlobalRoute\": false}}");
            assertEquals(200, off.status(), off.body()::toString);
            assertFalse(off.body().at("/data/routing/enableGlobalRoute").asBoolean(true));
            McpHttpClient.Reply refused = hub.client("/mcp")
                    .post(Json.write(hub.client("/mcp").request("tools/list", Json.object())), Map.of());
            assertEquals(403, refused.status(), refused.body());
            assertTrue(refused.body().contains("enableGlobalRoute"), refused.body());

            String before = Files.readString(hub.file);
            ManagedHub.Answer fixed =
                    hub.api("PUT", "/api/system-config", "{\"routing\": {\"bearerAuthKey\": \"other\"}}");
            assertEquals(400, fixed.status());
            assertTrue(
                    fixed.body()
                            .path("message")
                            .asText()
                            .startsWith("systemConfig.routing.bearerAuthKey cannot change"),
                    fixed.body()::toString);
            assertEquals(before, Files.readString(hub.file));
            List<String> keys = new ArrayList<>();
            hub.fileJson().path("systemConfig").path("routing").fieldNames().forEachRemaining(keys::add);
            assertTrue(keys.contains("enableGlobalRoute"), keys::toString);
        }
    }
}
