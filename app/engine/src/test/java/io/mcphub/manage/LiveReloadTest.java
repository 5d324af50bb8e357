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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand edits of the settings file, picked up by a running hub; invalid ones refused with the old config serving. */
class LiveReloadTest {
    @TempDir
    Path dir;

    private static boolean lists(McpHttpClient client, String tool) {
        JsonNode tools = client.call("tools/list", Json.object()).path("result").path("tools");
        return StreamSupport.stream(tools.spliterator(), false)
                .anyMatch(t -> t.path("name").asText().equals(tool));
    }

    @Test
    void handEditAddingAServer_isPickedUp_andItsToolsServed() throws Exception {
        String alpha = "\"alpha\": " + RunningHub.fixtureServer("alpha");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(alpha, ""))) {
            hub.awaitConnected("alpha");
            long alphaPid = ((UpstreamServer) hub.hub.upstream("alpha")).pid();
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            // an editor's save: the whole file written again, by hand
            Files.writeString(
                    hub.file, ManagedHub.settings(alpha + ", \"beta\": " + RunningHub.fixtureServer("beta"), ""));
            await().atMost(Duration.ofSeconds(60)).until(() -> lists(client, "beta-echo"));
            JsonNode r = client.callTool("beta-echo", Json.object().put("text", "by hand"));
            assertEquals(
                    "by hand",
                    r.path("result").path("content").get(0).path("text").asText(),
                    r::toString);
            // the server the edit did not touch kept its process
            assertEquals(alphaPid, ((UpstreamServer) hub.hub.upstream("alpha")).pid());
            assertEquals(hub.management.store().version(), SettingsStore.hash(Files.readAllBytes(hub.file)));
        }
    }

    @Test
    void invalidHandEdit_isRefused_andTheOldConfigKeepsServing() throws Exception {
        String alpha = "\"alpha\": " + RunningHub.fixtureServer("alpha");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(alpha, ""))) {
            hub.awaitConnected("alpha");
            String version = hub.management.store().version();
            Files.writeString(hub.file, ManagedHub.settings("\"alpha\": {\"type\": \"carrier-pigeon\"}", ""));
            // refused: the file is read (the reload ran) yet neither the version nor the servers change
            assertFalse(hub.management.reloadFromDisk());
            assertEquals(version, hub.management.store().version());
            McpHttpClient client = hub.client("/mcp");
            client.initialize();
            assertTrue(lists(client, "alpha-echo"));
            assertTrue(hub.hub.upstream("alpha").status().connected());

            // a later valid edit is applied again
            Files.writeString(hub.file, ManagedHub.settings("", ""));
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.hub.upstream("alpha") == null);
        }
    }

    @Test
    void theHubsOwnWrite_isNotAppliedAgainAsAHandEdit() throws Exception {
        String alpha = "\"alpha\": " + RunningHub.fixtureServer("alpha");
        try (ManagedHub hub = ManagedHub.start(dir.resolve("mcp_settings.json"), ManagedHub.settings(alpha, ""))) {
            hub.awaitConnected("alpha");
            long pid = ((UpstreamServer) hub.hub.upstream("alpha")).pid();
            assertEquals(
                    201, hub.api("POST", "/api/groups", "{\"name\": \"team\"}").status());
            assertFalse(hub.management.reloadFromDisk(), "the API's own write is the current version already");
            assertEquals(pid, ((UpstreamServer) hub.hub.upstream("alpha")).pid());
        }
    }
}
