package io.mcphub.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.Secrets;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.config.SettingsLoader;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.jsonrpc.Json;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.support.RunningHub;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real coordinator (HubRuntime with the coordinator plugin from the classpath) driven over real HTTP. */
class CoordinatorIntegrationTest {
    static final String SECRET = "integration-secret-0123456789";
    static final String BEARER = "management-key";
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Long timings: nodes stay healthy for the whole test. Bearer auth on. Runs one local server itself. */
    static HubRuntime steady;
    /** Short timings, for the health state machine. */
    static HubRuntime fast;

    @BeforeAll
    static void start() throws Exception {
        steady = start("{\"mcpServers\": {\"local\": " + RunningHub.fixtureServer("local") + "},"
                + " \"systemConfig\": {\"routing\": {\"enableBearerAuth\": true, \"bearerAuthKey\": \"" + BEARER
                + "\"},"
                + " \"cluster\": {\"enabled\": true, \"mode\": \"coordinator\", \"secret\": \"" + SECRET + "\","
                + " \"coordinator\": {\"nodeTimeout\": 60000, \"cleanupInterval\": 60000}}}}");
        fast = start("{\"systemConfig\": {\"cluster\": {\"enabled\": true, \"mode\": \"coordinator\", \"secret\": \""
                + SECRET + "\"," + " \"coordinator\": {\"nodeTimeout\": 400, \"cleanupInterval\": 400}}}}");
    }

    /**
     * The standard routing plugins are not on this module's test classpath; the engine's test jar brings fakes, so the
     * cluster block names those.
     */
    static HubRuntime start(String json) throws Exception {
        json = json.replace(
                "\"cluster\": {",
                "\"cluster\": {\"stickySession\": {\"strategy\": \"fake-sticky\"},"
                        + " \"loadBalancing\": {\"policy\": \"fake-balancer\"}, ");
        var settings = new SettingsLoader(Map.<String, String>of()::get).parse(json, "test");
        return HubRuntime.start(settings, PluginRegistry.load(List.of()), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (steady != null) {
            steady.stop();
        }
        if (fast != null) {
            fast.stop();
        }
    }

    @Test
    void theCoordinatorPluginIsStartedFromTheClasspath() {
        assertInstanceOf(CoordinatorPlugin.class, steady.plugin().orElseThrow());
    }

    @Test
    void registrationWithoutOrWithAWrongSecret_isRefused_andLeavesNoTrace() throws Exception {
        HttpResponse<String> none = post(
                steady,
                "/api/cluster/register",
                null,
                registration("node-intruder", "http://127.0.0.1:1", "amap", "v1"));
        HttpResponse<String> wrong = post(
                steady,
                "/api/cluster/register",
                "wrong-secret-0123456789",
                registration("node-intruder", "http://127.0.0.1:1", "amap", "v1"));
        HttpResponse<String> bearerOnly = send(
                steady,
                HttpRequest.newBuilder(uri(steady, "/api/cluster/register"))
                        .header("Authorization", "Bearer " + BEARER)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Json.write(registration("node-intruder", "http://127.0.0.1:1", "amap", "v1")))));
        for (HttpResponse<String> r : List.of(none, wrong, bearerOnly)) {
            assertEquals(401, r.statusCode(), r.body());
            assertFalse(Json.parse(r.body()).get("success").asBoolean());
        }
        for (JsonNode n : get(steady, "/api/cluster/nodes").get("data")) {
            assertFalse(n.get("id").asText().equals("node-intruder"));
        }
        assertEquals(
                404,
                post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-intruder", "amap", "v1"))
                        .statusCode());
    }

    @Test
    void registeredNode_isListed_withItsServersAndLoad() throws Exception {
        HttpResponse<String> r = post(
                steady,
                "/api/cluster/register",
                SECRET,
                registration("node-list", "http://10.0.0.5:3001", "amap", "v1"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("node-list", Json.parse(r.body()).at("/data/nodeId").asText());
        JsonNode node = nodeById(get(steady, "/api/cluster/nodes?active=true").get("data"), "node-list");
        assertEquals("Worker node-list", node.get("name").asText());
        assertEquals("http://10.0.0.5:3001", node.get("url").asText());
        assertEquals("healthy", node.get("status").asText());
        assertEquals(1, node.get("weight").asInt());
        assertEquals("amap", node.at("/servers/0/name").asText());
        assertEquals("v1", node.at("/servers/0/catalogVersion").asText());
        assertEquals(0, node.at("/load/sessions").asInt());
        Instant.parse(node.get("lastHeartbeat").asText());
        Instant.parse(node.get("registeredAt").asText());
    }

    @Test
    void heartbeatWithAChangedCatalogVersion_answersNeedCatalog() throws Exception {
        post(steady, "/api/cluster/register", SECRET, registration("node-hb", "http://10.0.0.6:3001", "amap", "v1"));
        JsonNode same = Json.parse(post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-hb", "amap", "v1"))
                .body());
        assertTrue(same.at("/data/known").asBoolean());
        assertEquals(0, same.at("/data/needCatalog").size());
        HttpResponse<String> changed =
                post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-hb", "amap", "v2"));
        assertEquals(200, changed.statusCode());
        assertEquals(
                "amap", Json.parse(changed.body()).at("/data/needCatalog/0").asText());
    }

    @Test
    void unknownNodeHeartbeat_answers404KnownFalse() throws Exception {
        HttpResponse<String> r =
                post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-never-seen", "amap", "v1"));
        assertEquals(404, r.statusCode());
        JsonNode body = Json.parse(r.body());
        assertFalse(body.get("success").asBoolean());
        assertFalse(body.at("/data/known").asBoolean(true));
    }

    @Test
    void badRegistration_answers400WithThePath_andMalformedJsonIs400() throws Exception {
        HttpResponse<String> r =
                post(steady, "/api/cluster/register", SECRET, registration("bad id", "ftp://x", "amap", "v1"));
        assertEquals(400, r.statusCode());
        String m = Json.parse(r.body()).get("message").asText();
        assertTrue(m.contains("id: \"bad id\" (expected:") && m.contains("url: \"ftp://x\" (expected:"), m);
        HttpResponse<String> malformed = send(
                steady,
                HttpRequest.newBuilder(uri(steady, "/api/cluster/register"))
                        .header(Secrets.CLUSTER_HEADER, SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString("{not json")));
        assertEquals(400, malformed.statusCode());
    }

    @Test
    void replicas_areMcpHubsArray_flagTheReplicaWhoseCatalogDiffers_and404ForAnUnknownServer() throws Exception {
        post(steady, "/api/cluster/register", SECRET, registration("node-r1", "http://10.0.1.1:3001", "shared", "s1"));
        post(steady, "/api/cluster/register", SECRET, registration("node-r2", "http://10.0.1.2:3001", "shared", "s1"));
        JsonNode consistent =
                get(steady, "/api/cluster/servers/shared/replicas").get("data");
        assertTrue(consistent.isArray(), consistent::toString);
        assertEquals(2, consistent.size());
        consistent.forEach(r -> assertTrue(r.get("catalogMatches").asBoolean(), r::toString));
        post(steady, "/api/cluster/register", SECRET, registration("node-r3", "http://10.0.1.3:3001", "shared", "s2"));
        JsonNode inconsistent =
                get(steady, "/api/cluster/servers/shared/replicas").get("data");
        assertEquals(3, inconsistent.size());
        assertTrue(inconsistent.get(0).get("catalogMatches").asBoolean());
        JsonNode r3 = inconsistent.get(2);
        assertFalse(r3.get("catalogMatches").asBoolean(), r3::toString);
        assertEquals("node-r3", r3.get("nodeId").asText());
        assertEquals("healthy", r3.get("status").asText());
        assertEquals("connected", r3.get("serverStatus").asText());
        assertEquals("s2", r3.get("catalogVersion").asText());
        assertEquals(
                404,
                getRaw(steady, "/api/cluster/servers/nobody-has-this/replicas", BEARER)
                        .statusCode());
    }

    @Test
    void status_countsNodesServersAndSessions() throws Exception {
        post(
                steady,
                "/api/cluster/register",
                SECRET,
                registration("node-s", "http://10.0.2.1:3001", "status-only", "x1"));
        JsonNode data = get(steady, "/api/cluster/status").get("data");
        assertTrue(data.get("enabled").asBoolean());
        assertEquals("coordinator", data.get("mode").asText());
        assertEquals("coordinator", data.get("nodeId").asText());
        var plugin = (CoordinatorPlugin) steady.plugin().orElseThrow();
        List<NodeRecord> nodes = plugin.registry().nodes();
        Set<String> servers = new HashSet<>(List.of("local"));
        nodes.forEach(n -> servers.addAll(n.servers().keySet()));
        assertTrue(servers.contains("status-only"));
        assertEquals(nodes.size(), data.at("/stats/nodes").asInt());
        assertEquals(
                nodes.stream().filter(n -> n.health().isHealthy()).count(),
                data.at("/stats/activeNodes").asLong());
        assertEquals(servers.size(), data.at("/stats/servers").asInt());
        assertEquals(steady.hub().sessions().size(), data.at("/stats/sessions").asInt());
    }

    @Test
    void sessions_are404UntilRoutingKnowsThem_thenShowPlacements() throws Exception {
        assertEquals(
                404,
                getRaw(steady, "/api/cluster/sessions/no-such-session", BEARER).statusCode());
        var plugin = (CoordinatorPlugin) steady.plugin().orElseThrow();
        post(steady, "/api/cluster/register", SECRET, registration("node-p", "http://10.0.3.1:3001", "amap", "v1"));
        Instant used = Instant.parse("2024-01-01T10:00:00Z");
        // the placements routing would hold, read by the management API over the real registry
        ClusterApi api = new ClusterApi(
                plugin.registry(),
                new SessionPlacements() {
                    @Override
                    public List<Placement> placements(String sessionId) {
                        return sessionId.equals("S1") ? List.of(new Placement("amap", "node-p", used)) : null;
                    }

                    @Override
                    public int sessionCount() {
                        return 1;
                    }
                },
                List::of,
                () -> 0);
        JsonNode data = api.session(sessionRequest("S1")).body().get("data");
        assertEquals("S1", data.get("sessionId").asText());
        JsonNode p = data.get("placements").get(0);
        assertEquals("amap", p.get("server").asText());
        assertEquals("node-p", p.get("nodeId").asText());
        assertEquals("Worker node-p", p.get("nodeName").asText());
        assertEquals("2024-01-01T10:00:00.000Z", p.get("lastUsed").asText());
        assertEquals(404, api.session(sessionRequest("S2")).status());
    }

    private static ApiRequest sessionRequest(String sessionId) {
        return new ApiRequest(
                "GET", "/api/cluster/sessions/" + sessionId, Map.of("sessionId", sessionId), Map.of(), Map.of(), null);
    }

    @Test
    void bearerAuth_protectsManagementGets_butNotTheNodeProtocol() throws Exception {
        for (String path : List.of(
                "/api/cluster/status",
                "/api/cluster/nodes",
                "/api/cluster/servers/amap/replicas",
                "/api/cluster/sessions/S1")) {
            assertEquals(401, getRaw(steady, path, null).statusCode(), path);
            assertEquals(401, getRaw(steady, path, "wrong-key").statusCode(), path);
        }
        assertEquals(200, getRaw(steady, "/api/cluster/status", BEARER).statusCode());
        // nodes carry the secret, never the bearer key
        assertEquals(
                200,
                post(
                                steady,
                                "/api/cluster/register",
                                SECRET,
                                registration("node-nobearer", "http://10.0.4.1:3001", "amap", "v1"))
                        .statusCode());
        assertEquals(
                200,
                post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-nobearer", "amap", "v1"))
                        .statusCode());
        assertEquals(
                200,
                post(steady, "/api/cluster/deregister", SECRET, Json.object().put("id", "node-nobearer"))
                        .statusCode());
        assertEquals(
                404,
                post(steady, "/api/cluster/heartbeat", SECRET, heartbeat("node-nobearer", "amap", "v1"))
                        .statusCode());
    }

    @Test
    void noHeartbeats_marksUnhealthy_thenRemoves_andLogsIt() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            assertEquals(
                    200,
                    post(
                                    fast,
                                    "/api/cluster/register",
                                    SECRET,
                                    registration("node-quiet", "http://10.0.5.1:3001", "amap", "v1"))
                            .statusCode());
            assertTrue(
                    log.text().contains("Node registered: Worker node-quiet (node-quiet) with 1 servers"), log.text());
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> statusOf(fast, "node-quiet").equals("unhealthy"));
            assertEquals(
                    0, get(fast, "/api/cluster/nodes?active=true").get("data").size());
            assertEquals(
                    0,
                    get(fast, "/api/cluster/status")
                            .at("/data/stats/activeNodes")
                            .asInt());
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> statusOf(fast, "node-quiet").equals("removed"));
            assertTrue(
                    log.text()
                            .matches("(?s).*Marking node node-quiet as unhealthy \\(last heartbeat: "
                                    + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\).*"),
                    log.text());
            assertTrue(log.text().contains("Removing node node-quiet"), log.text());
            assertEquals(
                    404,
                    post(fast, "/api/cluster/heartbeat", SECRET, heartbeat("node-quiet", "amap", "v1"))
                            .statusCode());
        }
    }

    @Test
    void heartbeatsKeepANodeHealthy_andBringAnUnhealthyOneBack() throws Exception {
        post(fast, "/api/cluster/register", SECRET, registration("node-beating", "http://10.0.5.2:3001", "amap", "v1"));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> statusOf(fast, "node-beating").equals("unhealthy"));
        assertEquals(
                200,
                post(fast, "/api/cluster/heartbeat", SECRET, heartbeat("node-beating", "amap", "v1"))
                        .statusCode());
        assertEquals("healthy", statusOf(fast, "node-beating"));
    }

    // ---- helpers ----

    static String statusOf(HubRuntime hub, String id) throws Exception {
        JsonNode n = nodeById(get(hub, "/api/cluster/nodes").get("data"), id);
        return n == null ? "removed" : n.get("status").asText();
    }

    static JsonNode nodeById(JsonNode nodes, String id) {
        for (JsonNode n : nodes) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        return null;
    }

    static URI uri(HubRuntime hub, String path) {
        return URI.create("http://127.0.0.1:" + hub.port() + path);
    }

    static HttpResponse<String> send(HubRuntime hub, HttpRequest.Builder b) throws Exception {
        return http.send(
                b.timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HubRuntime hub, String path, String secret, JsonNode body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(hub, path)).POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (secret != null) {
            b.header(Secrets.CLUSTER_HEADER, secret);
        }
        return send(hub, b);
    }

    static HttpResponse<String> getRaw(HubRuntime hub, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(hub, path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(hub, b);
    }

    static JsonNode get(HubRuntime hub, String path) throws Exception {
        HttpResponse<String> r = getRaw(hub, path, BEARER);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        JsonNode body = Json.parse(r.body());
        assertTrue(body.get("success").asBoolean());
        return body;
    }

    static ObjectNode registration(String id, String url, String server, String version) {
        ObjectNode o = Json.object()
                .put("id", id)
                .put("name", "Worker " + id)
                .put("url", url)
                .put("heartbeatInterval", 5000);
        ObjectNode s = o.putArray("servers")
                .addObject()
                .put("name", server)
                .put("status", "connected")
                .put("catalogVersion", version);
        s.set("catalog", ServerCatalog.EMPTY.toJson());
        o.putObject("load").put("sessions", 0).put("inFlight", 0);
        return o;
    }

    static ObjectNode heartbeat(String id, String server, String version) {
        ObjectNode o = Json.object().put("id", id);
        o.putArray("servers")
                .addObject()
                .put("name", server)
                .put("status", "connected")
                .put("catalogVersion", version);
        return o;
    }

    /** Copies what is written to System.err (where slf4j-simple logs) while it is open. */
    static final class LogCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        static LogCapture start() {
            LogCapture c = new LogCapture();
            System.setErr(new PrintStream(
                    new OutputStream() {
                        @Override
                        public synchronized void write(int b) {
                            c.buffer.write(b);
                            c.original.write(b);
                        }

                        @Override
                        public synchronized void write(byte[] b, int off, int len) {
                            c.buffer.write(b, off, len);
                            c.original.write(b, off, len);
                        }
                    },
                    true,
                    StandardCharsets.UTF_8));
            return c;
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
