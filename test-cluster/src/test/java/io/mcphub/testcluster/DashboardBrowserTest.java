package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.RunningHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against a running cluster (a coordinator that also runs a server of its
 * own, and two nodes with the fixture): the page shows the servers and the nodes, a tool toggled on the page leaves
 * {@code tools/list}, and a killed node turns unhealthy on the page without a reload. Screenshots go to
 * {@code target/dashboard-screenshots/} (paths printed).
 */
class DashboardBrowserTest {
    private static final Duration UI_WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    private final List<Path> shots = new ArrayList<>();

    @Test
    void dashboard_showsTheCluster_togglesATool_andSeesAKilledNodeTurnUnhealthy() {
        String local = TestCluster.fixtureServer("coordinator").toString();
        try (TestCluster cluster = TestCluster.builder()
                        .nodes(2)
                        .heartbeatInterval(Duration.ofMillis(300))
                        .nodeTimeout(Duration.ofSeconds(2))
                        .coordinatorSettings("{\"mcpServers\": {\"local\": " + local + "}}")
                        .start();
                BrowserPage page = BrowserPage.open(Path.of("target", "browser-profile-" + UUID.randomUUID()))) {
            assertEquals(200, page.navigate(cluster.coordinatorUrl().resolve("/")));

            // the servers of the whole cluster, the nodes, and the live event stream
            page.waitFor("tr[data-server='local'] .status[data-status='connected']", UI_WAIT);
            page.waitFor("tr[data-server='fixture'] .status[data-status='connected']", UI_WAIT);
            page.waitFor("tr[data-node='node-1'][data-status='healthy']", UI_WAIT);
            page.waitFor("tr[data-node='node-2'][data-status='healthy']", UI_WAIT);
            page.waitFor("tr[data-replica='fixture@node-2']", UI_WAIT);
            page.waitForAttached("#live[data-state='on']", UI_WAIT);
            assertEquals("coordinator", page.text("#mode"));
            shot(page, "1-cluster.png");

            // an MCP client's session, placed on a node by its first call, with its placement
            McpHttpClient client = new McpHttpClient(cluster.mcpUrl());
            client.initialize();
            JsonNode who = client.callTool("fixture-whoami", Json.object());
            assertFalse(who.has("error"), who.toString());
            String session = "tr[data-session='" + client.sessionId() + "']";
            page.waitFor(session, UI_WAIT);
            await().atMost(UI_WAIT).until(() -> page.text(session).contains("fixture \u2192 Worker Node"));

            // a tool turned off on the page is gone from the client's tools/list, and the page shows it off
            assertTrue(toolNames(client).contains("local-echo"), "before the toggle: " + toolNames(client));
            page.click("tr[data-server='local'] summary");
            String toggle = "input[data-tool='local/echo']";
            assertTrue(page.checked(toggle));
            page.click(toggle);
            await().atMost(UI_WAIT).until(() -> !toolNames(client).contains("local-echo"));
            assertTrue(toolNames(client).contains("local-add"), "other tools stay: " + toolNames(client));
            try {
                page.waitFor(toggle + ":not(:checked)", UI_WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("API: " + cluster.managementGet("/api/servers/local"), e);
            }
            assertFalse(page.checked(toggle));
            page.waitForAttached("#message[hidden]", UI_WAIT);
            shot(page, "2-tool-toggled.png");

            // drain and undrain a node from the page: its state follows
            page.click("tr[data-node='node-1'] button[data-action='drain']");
            page.waitFor("tr[data-node='node-1'] .status[data-status^='drain']", UI_WAIT);
            page.waitFor("tr[data-node='node-1'] button[data-action='undrain']", UI_WAIT);
            shot(page, "3-node-drained.png");
            page.click("tr[data-node='node-1'] button[data-action='undrain']");
            page.waitFor("tr[data-node='node-1'] .status[data-status='healthy']", UI_WAIT);
            page.waitFor("tr[data-node='node-1'] button[data-action='drain']", UI_WAIT);

            // a crashed node turns unhealthy on the open page, through the event stream and the page's polling
            cluster.kill(1);
            page.waitFor("tr[data-node='node-2'][data-status='unhealthy']", UI_WAIT);
            page.waitFor("tr[data-node='node-1'][data-status='healthy']", UI_WAIT);
            shot(page, "4-node-killed.png");
        } finally {
            shots.forEach(p -> System.out.println("dashboard screenshot: " + p));
        }
    }

    @Test
    void dashboard_asksForTheBearerKey_andShowsTheServersOnceItIsGiven() {
        String key = "browser-test-key-" + UUID.randomUUID();
        String settings = "{\"mcpServers\": {\"solo\": " + TestCluster.fixtureServer("solo") + "},"
                + " \"systemConfig\": {\"routing\": {\"enableBearerAuth\": true, \"bearerAuthKey\": \"" + key + "\"}}}";
        try (RunningHub hub = RunningHub.startConnected(settings, "solo");
                BrowserPage page = BrowserPage.open(Path.of("target", "browser-profile-" + UUID.randomUUID()))) {
            assertEquals(200, page.navigate(hub.url("/")));
            page.waitFor("#message", UI_WAIT);
            assertTrue(page.text("#message").contains("bearer key"), page.text("#message"));
            assertEquals(0, page.count("tr[data-server]"));
            shot(page, "5-key-asked.png");

            page.fill("#key", key);
            page.click("#key-form button[type='submit']");
            page.waitFor("tr[data-server='solo'] .status[data-status='connected']", UI_WAIT);
            page.waitForAttached("#live[data-state='on']", UI_WAIT);
            page.waitForAttached("#message[hidden]", UI_WAIT);
            assertEquals("standalone", page.text("#mode"));
            shot(page, "6-standalone.png");
        } finally {
            shots.forEach(p -> System.out.println("dashboard screenshot: " + p));
        }
    }

    /** Waits for {@code selector}; when it does not come, saves a screenshot and says what {@code context} showed. */
    private void waitOrShow(BrowserPage page, String selector, String context) {
        try {
            page.waitFor(selector, UI_WAIT);
        } catch (AssertionError e) {
            shot(page, "failed.png");
            throw new AssertionError(e.getMessage() + "\n" + context + " showed: " + page.html(context), e);
        }
    }

    private void shot(BrowserPage page, String name) {
        shots.add(page.screenshot(SCREENSHOTS.resolve(name)));
    }

    private static List<String> toolNames(McpHttpClient client) {
        JsonNode result = client.call("tools/list", Json.object());
        List<String> names = new ArrayList<>();
        result.path("result")
                .path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
