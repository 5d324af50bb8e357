package io.mcphub.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input of the management API gets its status and a JSON body, and the hub keeps serving. */
class ManagementBadInputTest {
    @TempDir
    Path dir;

    private ManagedHub start() throws Exception {
        ManagedHub hub = ManagedHub.start(
                dir.resolve("mcp_settings.json"),
                ManagedHub.settings("\"alpha\": " + RunningHub.fixtureServer("alpha"), ""));
        hub.awaitConnected("alpha");
        return hub;
    }

    private static void assertStillServes(ManagedHub hub) {
        McpHttpClient client = hub.client("/mcp");
        client.initialize();
        JsonNode r = client.callTool("alpha-echo", Json.object().put("text", "still here"));
        assertEquals(
                "still here",
                r.path("result").path("content").get(0).path("text").asText(),
                r::toString);
    }

    @Test
    void invalidServerDefinition_is400WithEveryProblem_nothingApplied_fileUntouched() throws Exception {
        try (ManagedHub hub = start()) {
            byte[] before = Files.readAllBytes(hub.file);
            ManagedHub.Answer r = hub.api(
                    "POST",
                    "/api/servers",
                    "{\"name\": \"broken\", \"config\": {\"type\": \"carrier-pigeon\","
                            + " \"options\": {\"timeout\": -5}}}");
            assertEquals(400, r.status(), r.body()::toString);
            assertFalse(r.body().path("success").asBoolean(true));
            List<String> problems = new ArrayList<>();
            r.body().path("problems").forEach(p -> problems.add(p.asText()));
            assertTrue(
                    problems.contains("mcpServers.broken.type: \"carrier-pigeon\""
                            + " (expected: one of stdio, sse, streamable-http)"),
                    problems::toString);
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith("mcpServers.broken.options.timeout: -5 (expected:")),
                    problems::toString);
            assertEquals(null, hub.hub.upstream("broken"));
            assertTrue(Arrays.equals(before, Files.readAllBytes(hub.file)));
            assertFalse(Files.exists(dir.resolve("mcp_settings.json.bak")));
            assertStillServes(hub);
        }
    }

    @Test
    void putToAnUnknownServer_is404WithAJsonBody() throws Exception {
        try (ManagedHub hub = start()) {
            ManagedHub.Answer r = hub.api("PUT", "/api/servers/ghost", "{\"config\": {\"command\": \"x\"}}");
            assertEquals(404, r.status());
            assertEquals("Server ghost not found", r.body().path("message").asText(), r.body()::toString);
            assertEquals(404, hub.api("DELETE", "/api/servers/ghost", null).status());
            assertEquals(404, hub.api("POST", "/api/servers/ghost/toggle", "{}").status());
            assertEquals(
                    404,
                    hub.api("PUT", "/api/groups/ghost", "{\"name\": \"x\"}").status());
            assertStillServes(hub);
        }
    }

    @Test
    void bodyOverTheLimit_is413WithAJsonBody() throws Exception {
        try (ManagedHub hub = start()) {
            String big =
                    "{\"name\": \"big\", \"config\": {\"command\": \"x\", \"args\": [\"" + "a".repeat(70_000) + "\"]}}";
            ManagedHub.Answer r = hub.api("POST", "/api/servers", big);
            assertEquals(413, r.status());
            assertTrue(r.body().path("message").asText().contains("65536"), r.body()::toString);
            assertFalse(hub.fileJson().path("mcpServers").has("big"));
            assertStillServes(hub);
        }
    }

    @Test
    void withoutTheKey_is401() throws Exception {
        try (ManagedHub hub = start()) {
            for (String[] route : new String[][] {
                {"GET", "/api/servers"}, {"GET", "/api/settings"}, {"POST", "/api/servers"},
                {"DELETE", "/api/servers/alpha"}, {"PUT", "/api/system-config"}, {"GET", "/api/groups"}
            }) {
                ManagedHub.Answer r = hub.api(route[0], route[1], "{}", Map.of());
                assertEquals(401, r.status(), route[0] + " " + route[1]);
                assertTrue(r.body().isObject(), route[1]);
                ManagedHub.Answer wrong = hub.api(route[0], route[1], "{}", Map.of("Authorization", "Bearer wrong"));
                assertEquals(401, wrong.status(), route[0] + " " + route[1]);
            }
            assertTrue(hub.fileJson().path("mcpServers").has("alpha"));
            assertStillServes(hub);
        }
    }

    @Test
    void staleEditOfTheSameServer_is409_andTheFirstEditStands() throws Exception {
        try (ManagedHub hub = start()) {
            String version = hub.api("GET", "/api/servers/alpha", null).etag();
            assertTrue(version != null && !version.isBlank());
            Map<String, String> ifMatch = Map.of("Authorization", "Bearer " + ManagedHub.KEY, "If-Match", version);
            ManagedHub.Answer first = hub.api(
                    "PUT", "/api/servers/alpha/tools/echo/description", "{\"description\": \"first\"}", ifMatch);
            assertEquals(200, first.status(), first.body()::toString);
            assertNotEquals(version, first.etag());
            ManagedHub.Answer second = hub.api(
                    "PUT", "/api/servers/alpha/tools/echo/description", "{\"description\": \"second\"}", ifMatch);
            assertEquals(409, second.status(), second.body()::toString);
            assertEquals(
                    first.etag(),
                    "\"" + second.body().path("data").path("version").asText() + "\"");
            assertEquals(
                    "first",
                    hub.fileJson()
                            .at("/mcpServers/alpha/tools/echo/description")
                            .asText());
            assertStillServes(hub);
        }
    }

    @Test
    void concurrentEdits_areSerialized_everyOneLands_andTheFileIsNeverCorrupt() throws Exception {
        try (ManagedHub hub = start()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<ManagedHub.Answer>> edits = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String body = "{\"description\": \"d" + i + "\"}";
                    edits.add(CompletableFuture.supplyAsync(
                            () -> hub.api("PUT", "/api/servers/alpha/prompts/test_simple_prompt/description", body),
                            pool));
                    edits.add(CompletableFuture.supplyAsync(
                            () -> hub.api("POST", "/api/groups", "{\"name\": \"g" + body.hashCode() + "\"}"), pool));
                }
                for (CompletableFuture<ManagedHub.Answer> e : edits) {
                    ManagedHub.Answer a = e.join();
                    assertTrue(a.status() == 200 || a.status() == 201, a.body()::toString);
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode file = hub.fileJson();
            assertEquals(24, file.path("groups").size(), file::toString);
            assertTrue(file.path("mcpServers").has("alpha"));
            assertStillServes(hub);
        }
    }
}
