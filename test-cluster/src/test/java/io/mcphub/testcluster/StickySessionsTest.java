package io.mcphub.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.jsonrpc.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property P1 (docs/properties.md): a session initialised through the coordinator keeps every later request on the
 * same node per
 * server, for 1,000 sessions, with each sticky strategy. Server {@code stateful} is a fixture over Streamable HTTP
 * with a connection per client session on each node, so its {@code counter} counts 1, 2, 3 only when every call
 * of a session reaches the same upstream session on the same node; {@code whoami} names the node.
 *
 * <p>The three nodes (and their fixture processes) serve every strategy: before each strategy the coordinator
 * restarts with it, so each strategy's sessions are placed by a fresh coordinator. Every session of a strategy ends
 * (DELETE) before the next one starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StickySessionsTest {
    private static final int SESSIONS = 1000;

    private TestCluster shared;

    record Outcome(String sessionId, List<Long> counts, String node, String stickyValue) {}

    static TestCluster cluster(String strategy) {
        return TestCluster.builder()
                .nodes(3)
                .strategy(strategy)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> Json.object()) // only the per-session HTTP fixture: fewer processes
                .httpFixture("stateful")
                .start();
    }

    @BeforeAll
    void startCluster() {
        shared = cluster("consistent-hash");
    }

    @AfterAll
    void closeCluster() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The shared nodes behind a coordinator that runs {@code strategy} (restarted with it when it runs another). */
    private TestCluster sharedCluster(String strategy) {
        if (!strategy.equals(shared.strategy())) {
            shared.restartCoordinators(strategy);
        }
        return shared;
    }

    @ParameterizedTest
    @ValueSource(strings = {"consistent-hash", "cookie", "header"})
    void thousandSessions_keepEveryRequestOnTheirNode(String strategy) {
        TestCluster cluster = sharedCluster(strategy);
        StickyClient.Mode mode = StickyClient.modeOf(strategy);
        // the Java SDK clients' sessions are independent of the wire-level ones: they run alongside them
        CompletableFuture<Void> sdkClients = CompletableFuture.runAsync(
                () -> javaSdkClients_keepEveryRequestOnTheirNode(cluster),
                task -> new Thread(task, "java-sdk-clients").start());
        List<Outcome> outcomes;
        try {
            outcomes = Sessions.parallel(SESSIONS, 24, n -> {
                StickyClient c = new StickyClient(cluster.mcpUrl(), mode);
                c.initialize();
                List<Long> counts = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    counts.add(StickyClient.structured(c.callTool("stateful-counter", null))
                            .path("count")
                            .asLong());
                }
                String node = StickyClient.structured(c.callTool("stateful-whoami", null))
                        .path("name")
                        .asText();
                String sticky = mode == StickyClient.Mode.COOKIE
                        ? c.cookie()
                        : mode == StickyClient.Mode.HEADER ? c.header() : null;
                c.close();
                return new Outcome(c.sessionId(), counts, node, sticky);
            });
        } finally {
            // either way, no SDK client outlives this strategy (the next one restarts the coordinator)
            sdkClients.handle((v, e) -> null).join();
        }
        join(sdkClients);

        for (Outcome o : outcomes) {
            assertEquals(
                    List.of(1L, 2L, 3L),
                    o.counts(),
                    () -> "session " + o.sessionId() + " on " + o.node() + " did not keep its upstream session ("
                            + strategy + ")");
            if (mode != StickyClient.Mode.NONE) {
                assertNotNull(
                        o.stickyValue(),
                        () -> "the coordinator never sent the " + mode + " for session " + o.sessionId());
                assertEquals(
                        o.node(),
                        StickyClient.nodeOf(o.stickyValue()),
                        () -> "the " + mode + " names another node than" + " the one that served session "
                                + o.sessionId());
            }
        }
        Map<String, Long> perNode =
                outcomes.stream().collect(Collectors.groupingBy(Outcome::node, TreeMap::new, Collectors.counting()));
        assertEquals(3, perNode.size(), () -> "sessions were not spread over the three nodes: " + perNode);
        assertEquals(
                SESSIONS, outcomes.stream().map(Outcome::sessionId).distinct().count());
    }

    /** Waits for {@code f} and throws what it failed with (an assertion's error as it is). */
    private static void join(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /**
     * The same with the MCP Java SDK client (a cookie jar in its HttpClient, as a browser-like client has; it does
     * not echo the header, so with the header strategy the coordinator's affinity table alone keeps it).
     */
    static void javaSdkClients_keepEveryRequestOnTheirNode(TestCluster cluster) {
        {
            List<String> nodes = Sessions.parallel(20, 4, n -> {
                HttpClient.Builder http = HttpClient.newBuilder().cookieHandler(new CookieManager());
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(
                                        cluster.coordinatorUrl().toString())
                                .endpoint("/mcp")
                                .clientBuilder(http)
                                .build())
                        .requestTimeout(Duration.ofSeconds(30))
                        .build();
                try {
                    client.initialize();
                    List<String> tools = client.listTools().tools().stream()
                            .map(McpSchema.Tool::name)
                            .toList();
                    assertTrue(tools.containsAll(List.of("stateful-counter", "stateful-whoami")), tools::toString);
                    for (int k = 1; k <= 3; k++) {
                        McpSchema.CallToolResult r =
                                client.callTool(new McpSchema.CallToolRequest("stateful-counter", Map.of()));
                        assertFalse(Boolean.TRUE.equals(r.isError()), r::toString);
                        assertEquals(
                                k, ((Number) ((Map<?, ?>) r.structuredContent()).get("count")).intValue(), r::toString);
                    }
                    McpSchema.CallToolResult who =
                            client.callTool(new McpSchema.CallToolRequest("stateful-whoami", Map.of()));
                    return (String) ((Map<?, ?>) who.structuredContent()).get("name");
                } finally {
                    client.closeGracefully();
                }
            });
            assertTrue(nodes.stream().allMatch(n -> n.startsWith("node-")), nodes::toString);
        }
    }
}
