package io.mcphub.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property P6 (docs/properties.md): a node registration (or heartbeat, or deregistration) without the cluster secret
 * is refused and
 * changes nothing; a cookie or header naming an unknown node routes nowhere special: the session is placed as any
 * other, and the coordinator tells the client the node it really chose.
 */
class ClusterSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder()
                .nodes(3)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> Json.object())
                .httpFixture("stateful")
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String registration(String id) {
        return "{\"id\": \"" + id + "\", \"name\": \"Rogue\", \"url\": \"http://127.0.0.1:9\", \"weight\": 1,"
                + " \"heartbeatInterval\": 500, \"servers\": [], \"load\": {\"sessions\": 0, \"inFlight\": 0}}";
    }

    static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return TestCluster.http("POST", cluster.coordinatorUrl().resolve(path), body, headers);
    }

    static Set<String> nodeIds() {
        return StreamSupport.stream(cluster.managementGet("/api/cluster/nodes").spliterator(), false)
                .map(n -> n.path("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static void assertRefused(HttpResponse<String> r, String what) throws Exception {
        assertEquals(401, r.statusCode(), () -> what + ": " + r.body());
        JsonNode body = JSON.readTree(r.body());
        assertFalse(body.path("success").asBoolean(true), () -> what + ": " + r.body());
        assertTrue(body.path("message").isTextual(), () -> what + ": " + r.body());
    }

    @Test
    void nodeProtocolWithoutTheSecret_isRefusedAndChangesNothing() throws Exception {
        Set<String> before = nodeIds();
        String wrong = Map.of(Secrets.CLUSTER_HEADER, cluster.secret() + "x").toString();
        assertRefused(post("/api/cluster/register", registration("rogue"), Map.of()), "register without a secret");
        assertRefused(
                post(
                        "/api/cluster/register",
                        registration("rogue"),
                        Map.of(Secrets.CLUSTER_HEADER, "not-the-secret-at-all")),
                "register with a wrong secret " + wrong);
        assertRefused(
                post("/api/cluster/register", registration(cluster.nodeId(0)), Map.of()),
                "re-register of a known id without a secret");
        assertRefused(
                post(
                        "/api/cluster/heartbeat",
                        "{\"id\": \"" + cluster.nodeId(0) + "\", \"servers\": [], \"load\": {}}",
                        Map.of()),
                "heartbeat without a secret");
        assertRefused(
                post("/api/cluster/deregister", "{\"id\": \"" + cluster.nodeId(0) + "\"}", Map.of()),
                "deregister without a secret");
        assertEquals(before, nodeIds());
        assertFalse(nodeIds().contains("rogue"));
        JsonNode node1 = StreamSupport.stream(
                        cluster.managementGet("/api/cluster/nodes").spliterator(), false)
                .filter(n -> n.path("id").asText().equals(cluster.nodeId(0)))
                .findFirst()
                .orElseThrow();
        assertEquals("healthy", node1.path("status").asText());
        assertFalse(node1.path("servers").isEmpty(), "the refused re-registration emptied node-1's servers: " + node1);

        // the control: the same body with the secret is accepted, so the refusals above were about the secret
        HttpResponse<String> ok =
                post("/api/cluster/register", registration("rogue"), Map.of(Secrets.CLUSTER_HEADER, cluster.secret()));
        assertEquals(200, ok.statusCode(), ok::body);
        assertTrue(nodeIds().contains("rogue"));
        assertEquals(
                200,
                post("/api/cluster/deregister", "{\"id\": \"rogue\"}", Map.of(Secrets.CLUSTER_HEADER, cluster.secret()))
                        .statusCode());
        assertFalse(nodeIds().contains("rogue"));
    }

    record Outcome(List<Long> counts, String node, String told) {}

    /**
     * Clients that present an unknown node (plain or with a made-up signature) on initialize and on every call are
     * served like everyone else, spread by the balancer, and get a value naming the node that served them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cookie", "header"})
    void stickyValueNamingAnUnknownNode_routesNowhereSpecial(String strategy) {
        try (TestCluster c = TestCluster.builder()
                .nodes(3)
                .heartbeatInterval(Duration.ofMillis(500))
                .strategy(strategy)
                .nodeServers(i -> Json.object())
                .httpFixture("stateful")
                .start()) {
            StickyClient.Mode mode = StickyClient.modeOf(strategy);
            List<Outcome> outcomes = Sessions.parallel(30, 6, n -> {
                String bogus = n % 2 == 0 ? "node-99" : "node-99.AAAAAAAAAAAAAAAAAAAAAA";
                StickyClient client = new StickyClient(c.mcpUrl(), mode);
                if (mode == StickyClient.Mode.COOKIE) {
                    client.presetCookie(bogus);
                } else {
                    client.presetHeader(bogus);
                }
                client.initialize();
                List<Long> counts = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    counts.add(StickyClient.structured(client.callTool("stateful-counter", null))
                            .path("count")
                            .asLong());
                }
                String node = StickyClient.structured(client.callTool("stateful-whoami", null))
                        .path("name")
                        .asText();
                client.close();
                return new Outcome(
                        counts, node, client.issued.isEmpty() ? null : client.issued.get(client.issued.size() - 1));
            });
            for (Outcome o : outcomes) {
                assertEquals(
                        List.of(1L, 2L, 3L),
                        o.counts(),
                        () -> "a session presenting an unknown node was not kept on " + o.node());
                assertNotNull(
                        o.told(),
                        () -> "the coordinator did not re-issue the " + strategy + " for a session on " + o.node());
                assertEquals(o.node(), StickyClient.nodeOf(o.told()), "the re-issued value names another node");
            }
            Set<String> nodes = outcomes.stream().map(Outcome::node).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(nodes.size() > 1, () -> "30 sessions presenting an unknown node all went to " + nodes);
        }
    }
}
