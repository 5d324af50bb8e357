package io.mcphub.coordinator.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.Secrets;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.CoordinatorConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.spi.NodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
    static final String SECRET = "0123456789abcdef-secret";
    static final CoordinatorConfig TIMING =
            new CoordinatorConfig(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofHours(1), 1000);

    final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T10:00:00Z"));
    final NodeRegistry registry = new NodeRegistry(TIMING, clock);
    final RegistrationApi api = new RegistrationApi(registry, SECRET);
    final List<ClusterView> views = new CopyOnWriteArrayList<>();

    NodeRegistryTest() {
        registry.addListener(views::add);
    }

    // ---- secret ----

    @Test
    void registrationWithoutOrWithWrongSecret_isRefused_andLeavesNoTrace() {
        ApiResponse none = api.register(request(null, registration("node-1", "amap", "v1")));
        ApiResponse wrong = api.register(request("0123456789abcdef-wrong", registration("node-1", "amap", "v1")));
        ApiResponse empty = new RegistrationApi(new NodeRegistry(TIMING, clock), "")
                .register(request("", registration("node-1", "amap", "v1")));
        for (ApiResponse r : List.of(none, wrong, empty)) {
            assertEquals(401, r.status());
            assertFalse(r.body().get("success").asBoolean());
            assertTrue(r.body().get("message").asText().contains(Secrets.CLUSTER_HEADER));
        }
        assertSame(ClusterView.EMPTY, registry.view());
        assertTrue(registry.nodes().isEmpty());
        assertTrue(views.isEmpty());
    }

    @Test
    void heartbeatAndDeregisterWithWrongSecret_areRefused_andChangeNothing() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(
                401,
                api.heartbeat(request("nope-nope-nope-nope", heartbeat("node-1", "amap", "v2")))
                        .status());
        assertEquals(
                401,
                api.deregister(request(null, Json.object().put("id", "node-1"))).status());
        assertEquals(
                Instant.parse("2024-01-01T10:00:00Z"), registry.node("node-1").lastHeartbeat());
        assertNotNull(registry.view().node("node-1"));
    }

    // ---- register ----

    @Test
    void register_addsHealthyNode_answersItsInterval_logsAndTellsListeners() {
        ApiResponse r = api.register(request(SECRET, registration("node-1", "amap", "v1")));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("node-1", r.body().at("/data/nodeId").asText());
        assertEquals(5000, r.body().at("/data/heartbeatInterval").asLong());
        NodeRecord n = registry.view().node("node-1");
        assertEquals(NodeHealth.HEALTHY, n.health());
        assertEquals("Worker Node 1", n.name());
        assertEquals("http://10.0.0.5:3001", n.url());
        assertEquals(clock.instant(), n.registeredAt());
        assertEquals("v1", n.servers().get("amap").catalogVersion());
        assertEquals(1, n.servers().get("amap").catalog().tools().size());
        assertEquals(List.of(n), registry.view().replicas("amap"));
        assertEquals(1, views.size());
        assertSame(registry.view(), views.get(0));
    }

    @Test
    void registeringAKnownId_replacesTheRecord_andMakesItHealthy() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofSeconds(20));
        registry.sweep();
        assertEquals(NodeHealth.UNHEALTHY, registry.view().node("node-1").health());
        ObjectNode body = registration("node-1", "github", "g1");
        body.put("name", "Restarted");
        assertEquals(200, api.register(request(SECRET, body)).status());
        NodeRecord n = registry.view().node("node-1");
        assertEquals(NodeHealth.HEALTHY, n.health());
        assertEquals("Restarted", n.name());
        assertEquals(Set.of("github"), n.servers().keySet());
        assertEquals(clock.instant(), n.registeredAt());
        assertEquals(1, registry.view().nodes().size());
        assertTrue(registry.view().replicas("amap").isEmpty());
    }

    // ---- health ----

    @Test
    void noHeartbeatForNodeTimeout_marksUnhealthy_thenRemovesAfterCleanup() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofMillis(14_999));
        registry.sweep();
        assertEquals(NodeHealth.HEALTHY, registry.view().node("node-1").health());
        clock.advance(Duration.ofMillis(1));
        registry.sweep();
        NodeRecord n = registry.view().node("node-1");
        assertEquals(NodeHealth.UNHEALTHY, n.health());
        assertEquals(clock.instant(), n.healthSince());
        int before = views.size();
        clock.advance(Duration.ofMillis(29_999));
        registry.sweep();
        assertNotNull(registry.view().node("node-1"));
        assertEquals(before, views.size(), "nothing changed, no new view");
        clock.advance(Duration.ofMillis(1));
        registry.sweep();
        assertNull(registry.view().node("node-1"));
        assertTrue(registry.view().replicas("amap").isEmpty());
        assertEquals(
                404,
                api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v1")))
                        .status());
    }

    @Test
    void heartbeats_keepANodeHealthyPastNodeTimeout() {
        register("node-1", "amap", "v1");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertEquals(
                    200,
                    api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v1")))
                            .status());
            registry.sweep();
        }
        assertEquals(NodeHealth.HEALTHY, registry.view().node("node-1").health());
        assertEquals(clock.instant(), registry.node("node-1").lastHeartbeat());
    }

    @Test
    void heartbeat_makesAnUnhealthyNodeHealthyAgain_andTellsListeners() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofSeconds(16));
        registry.sweep();
        assertEquals(NodeHealth.UNHEALTHY, registry.view().node("node-1").health());
        int before = views.size();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(
                200,
                api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v1")))
                        .status());
        NodeRecord n = registry.view().node("node-1");
        assertEquals(NodeHealth.HEALTHY, n.health());
        assertEquals(clock.instant(), n.healthSince());
        assertEquals(before + 1, views.size());
        assertEquals(
                NodeHealth.HEALTHY, views.get(views.size() - 1).node("node-1").health());
    }

    @Test
    void suspect_excludesTheNodeAtOnce_aHeartbeatRestoresIt() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofSeconds(1));
        registry.suspect("node-1", "connection refused");
        assertEquals(NodeHealth.SUSPECT, registry.view().node("node-1").health());
        assertEquals(
                NodeHealth.SUSPECT, views.get(views.size() - 1).node("node-1").health());
        registry.suspect("node-1", "again"); // no change, no new view
        registry.suspect("node-9", "unknown"); // ignored
        assertEquals(2, views.size());
        api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v1")));
        assertEquals(NodeHealth.HEALTHY, registry.view().node("node-1").health());
    }

    @Test
    void aSuspectNodeWithoutHeartbeats_isRemovedAfterCleanupInterval() {
        register("node-1", "amap", "v1");
        registry.suspect("node-1", "503 from node");
        clock.advance(Duration.ofSeconds(29));
        registry.sweep();
        assertEquals(NodeHealth.SUSPECT, registry.view().node("node-1").health());
        clock.advance(Duration.ofSeconds(1));
        registry.sweep();
        assertNull(registry.view().node("node-1"));
    }

    @Test
    void suspectingAnUnhealthyNode_doesNotDelayItsRemoval() {
        register("node-1", "amap", "v1");
        clock.advance(Duration.ofSeconds(15));
        registry.sweep();
        clock.advance(Duration.ofSeconds(20));
        registry.suspect("node-1", "refused");
        assertEquals(NodeHealth.UNHEALTHY, registry.view().node("node-1").health());
        clock.advance(Duration.ofSeconds(10));
        registry.sweep();
        assertNull(registry.view().node("node-1"));
    }

    // ---- heartbeat contents ----

    @Test
    void heartbeatWithAChangedCatalogVersion_asksForTheCatalog_andKeepsTheOldOneUntilRegister() {
        register("node-1", "amap", "v1");
        ApiResponse same = api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v1")));
        assertEquals(0, same.body().at("/data/needCatalog").size());
        assertTrue(same.body().at("/data/known").asBoolean());
        ApiResponse changed = api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v2")));
        assertEquals(List.of("amap"), texts(changed.body().at("/data/needCatalog")));
        assertEquals("v1", registry.view().node("node-1").servers().get("amap").catalogVersion());
        register("node-1", "amap", "v2");
        ApiResponse after = api.heartbeat(request(SECRET, heartbeat("node-1", "amap", "v2")));
        assertEquals(0, after.body().at("/data/needCatalog").size());
        assertEquals("v2", registry.view().node("node-1").servers().get("amap").catalogVersion());
    }

    @Test
    void aServerThatConnectsAfterRegistering_joinsOnlyWithItsCatalog_notWithTheOneItRegisteredWithout() {
        // a node that just started registers while its server is still connecting, with an empty catalog
        ObjectNode reg = registration("node-2", "amap", "empty");
        ((ObjectNode) reg.get("servers").get(0)).put("status", "connecting");
        assertEquals(200, api.register(request(SECRET, reg)).status());
        assertFalse(registry.view().node("node-2").hosts("amap"));
        // its next heartbeat says connected, with the full catalog's version: the coordinator asks for the catalog
        ApiResponse beat = api.heartbeat(request(SECRET, heartbeat("node-2", "amap", "v1")));
        assertEquals(List.of("amap"), texts(beat.body().at("/data/needCatalog")));
        assertFalse(
                registry.view().node("node-2").hosts("amap"),
                "not a serving replica while the coordinator holds only the empty catalog");
        register("node-2", "amap", "v1");
        assertTrue(registry.view().node("node-2").hosts("amap"));
        assertEquals("v1", registry.view().node("node-2").servers().get("amap").catalogVersion());
    }

    @Test
    void heartbeatWithANewServer_asksForItsCatalog_andADroppedServerLeavesTheView() {
        register("node-1", "amap", "v1");
        ObjectNode hb = heartbeat("node-1", "github", "g1");
        ApiResponse r = api.heartbeat(request(SECRET, hb));
        assertEquals(List.of("github"), texts(r.body().at("/data/needCatalog")));
        assertTrue(registry.view().node("node-1").servers().isEmpty(), "amap is gone, github waits for its catalog");
        assertTrue(registry.view().replicas("amap").isEmpty());
    }

    @Test
    void heartbeatWithAChangedServerStatus_makesANewView() {
        register("node-1", "amap", "v1");
        int before = views.size();
        ObjectNode hb = heartbeat("node-1", "amap", "v1");
        ((ObjectNode) hb.get("servers").get(0)).put("status", "disconnected");
        api.heartbeat(request(SECRET, hb));
        assertEquals(before + 1, views.size());
        assertFalse(registry.view().node("node-1").hosts("amap"));
    }

    @Test
    void routineHeartbeat_updatesLastHeartbeatAndLoad_withoutANewView() {
        register("node-1", "amap", "v1");
        ClusterView v = registry.view();
        clock.advance(Duration.ofSeconds(5));
        ObjectNode hb = heartbeat("node-1", "amap", "v1");
        hb.putObject("load").put("sessions", 7).put("inFlight", 2);
        api.heartbeat(request(SECRET, hb));
        assertSame(v, registry.view());
        assertEquals(1, views.size());
        NodeRecord live = registry.node("node-1");
        assertEquals(clock.instant(), live.lastHeartbeat());
        assertEquals(7, live.sessions());
        assertEquals(2, live.inFlight());
    }

    @Test
    void unknownNodeHeartbeat_answers404WithKnownFalse() {
        ApiResponse r = api.heartbeat(request(SECRET, heartbeat("node-7", "amap", "v1")));
        assertEquals(404, r.status());
        assertEquals("unknown node node-7", r.body().get("message").asText());
        assertFalse(r.body().at("/data/known").asBoolean(true));
        assertTrue(registry.nodes().isEmpty());
    }

    @Test
    void deregister_forgetsTheNode_andIsHarmlessForAnUnknownOne() {
        register("node-1", "amap", "v1");
        ApiResponse r = api.deregister(request(SECRET, Json.object().put("id", "node-1")));
        assertEquals(200, r.status());
        assertTrue(r.body().at("/data/removed").asBoolean());
        assertNull(registry.view().node("node-1"));
        assertEquals(2, views.size());
        ApiResponse again = api.deregister(request(SECRET, Json.object().put("id", "node-1")));
        assertEquals(200, again.status());
        assertFalse(again.body().at("/data/removed").asBoolean());
    }

    // ---- validation ----

    @Test
    void badRegistrations_answer400_withPathValueAndExpected_andChangeNothing() {
        ObjectNode badId = registration("node 1", "amap", "v1");
        assertMessage(badId, "id: \"node 1\" (expected: 1 to 128 letters, digits");
        ObjectNode noId = registration("x", "amap", "v1");
        noId.remove("id");
        assertMessage(noId, "id: (missing) (expected:");
        ObjectNode badUrl = registration("node-1", "amap", "v1").put("url", "ftp://10.0.0.5");
        assertMessage(badUrl, "url: \"ftp://10.0.0.5\" (expected: an absolute http(s) URL");
        ObjectNode noHost = registration("node-1", "amap", "v1").put("url", "http:///x");
        assertMessage(noHost, "url: \"http:///x\" (expected:");
        ObjectNode serversNotArray = registration("node-1", "amap", "v1").put("servers", "amap");
        assertMessage(serversNotArray, "servers: \"amap\" (expected: an array of at most 1000 servers)");
        ObjectNode badStatus = registration("node-1", "amap", "v1");
        ((ObjectNode) badStatus.get("servers").get(0)).put("status", "weird");
        assertMessage(badStatus, "servers[0].status: \"weird\" (expected: one of connected, connecting, disconnected)");
        ObjectNode noCatalog = registration("node-1", "amap", "v1");
        ((ObjectNode) noCatalog.get("servers").get(0)).remove("catalog");
        assertMessage(noCatalog, "servers[0].catalog: (missing) (expected:");
        ObjectNode duplicate = registration("node-1", "amap", "v1");
        ((ArrayNode) duplicate.get("servers"))
                .add(duplicate.get("servers").get(0).deepCopy());
        assertMessage(duplicate, "servers[1].name: \"amap\" (expected: a name not already listed)");
        ObjectNode badName = registration("node-1", "a/b", "v1");
        assertMessage(badName, "servers[0].name: \"a/b\" (expected:");
        ObjectNode badWeight = registration("node-1", "amap", "v1").put("weight", 0);
        assertMessage(badWeight, "weight: 0 (expected: an integer from 1 to 1000)");
        ObjectNode badLoad = registration("node-1", "amap", "v1");
        badLoad.putObject("load").put("sessions", -1);
        assertMessage(badLoad, "load.sessions: -1 (expected: an integer from 0 to");
        assertEquals(400, api.register(request(SECRET, null)).status());
        assertTrue(registry.nodes().isEmpty());
        assertTrue(views.isEmpty());
    }

    @Test
    void aBadRegistration_listsEveryProblem() {
        ObjectNode body = registration("node 1", "amap", "v1").put("url", "nope");
        ApiResponse r = api.register(request(SECRET, body));
        String m = r.body().get("message").asText();
        assertTrue(m.contains("id: \"node 1\"") && m.contains("url: \"nope\""), m);
    }

    @Test
    void badHeartbeat_answers400_withThePath() {
        register("node-1", "amap", "v1");
        ObjectNode hb = heartbeat("node-1", "amap", "v1");
        ((ObjectNode) hb.get("servers").get(0)).remove("catalogVersion");
        ApiResponse r = api.heartbeat(request(SECRET, hb));
        assertEquals(400, r.status());
        assertTrue(
                r.body().get("message").asText().contains("servers[0].catalogVersion: (missing) (expected:"),
                r.body().toString());
    }

    @Test
    void concurrentRegistrationsAndSuspicions_reachListenersAsStrictlyNewerViews() throws Exception {
        int threads = 8;
        int perThread = 50;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "node-" + (base + i);
                        assertEquals(
                                200,
                                api.register(request(SECRET, registration(id, "amap", "v1")))
                                        .status());
                        registry.suspect(id, "test");
                        api.heartbeat(request(SECRET, heartbeat(id, "amap", "v1")));
                    }
                }));
            }
            for (var f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, registry.view().nodes().size());
        assertEquals(threads * perThread, registry.view().replicas("amap").size());
        assertTrue(registry.view().nodes().values().stream().allMatch(n -> n.health() == NodeHealth.HEALTHY));
        assertEquals(threads * perThread * 3, views.size());
        for (int i = 1; i < views.size(); i++) {
            assertEquals(views.get(i - 1).version() + 1, views.get(i).version());
        }
        assertSame(registry.view(), views.get(views.size() - 1));
    }

    // ---- bounds ----

    @Test
    void aFullRegistry_refusesNewNodes_butStillAcceptsKnownOnes() {
        NodeRegistry smallRegistry = new NodeRegistry(TIMING, clock, 2);
        RegistrationApi small = new RegistrationApi(smallRegistry, SECRET);
        assertEquals(
                200,
                small.register(request(SECRET, registration("node-1", "amap", "v1")))
                        .status());
        assertEquals(
                200,
                small.register(request(SECRET, registration("node-2", "amap", "v1")))
                        .status());
        ApiResponse third = small.register(request(SECRET, registration("node-3", "amap", "v1")));
        assertEquals(503, third.status());
        assertNull(smallRegistry.view().node("node-3"));
        assertEquals(
                200,
                small.register(request(SECRET, registration("node-2", "amap", "v2")))
                        .status());
        assertEquals(2, smallRegistry.view().nodes().size());
    }

    @Test
    void tooManyServers_areRefused() {
        ObjectNode body = registration("node-1", "amap", "v1");
        ArrayNode servers = body.putArray("servers");
        for (int i = 0; i <= NodeReports.MAX_SERVERS; i++) {
            servers.add(server("s" + i, "v", true));
        }
        assertMessage(body, "servers: (1001 servers) (expected: an array of at most 1000 servers)");
    }

    @Test
    void sweepPeriod_isAQuarterOfTheShorterTiming_atLeast100ms() {
        assertEquals(Duration.ofMillis(3750), registry.sweepPeriod());
        var fast = new CoordinatorConfig(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofHours(1), 10);
        assertEquals(Duration.ofMillis(100), new NodeRegistry(fast, clock).sweepPeriod());
        var cleanupShorter =
                new CoordinatorConfig(Duration.ofMillis(8000), Duration.ofMillis(2000), Duration.ofHours(1), 10);
        assertEquals(Duration.ofMillis(500), new NodeRegistry(cleanupShorter, clock).sweepPeriod());
    }

    // ---- helpers ----

    void register(String id, String server, String version) {
        ApiResponse r = api.register(request(SECRET, registration(id, server, version)));
        assertEquals(200, r.status(), r.body().toString());
    }

    void assertMessage(ObjectNode body, String expected) {
        ApiResponse r = api.register(request(SECRET, body));
        assertEquals(400, r.status(), r.body().toString());
        assertTrue(
                r.body().get("message").asText().contains(expected),
                r.body().get("message").asText());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static ApiRequest request(String secret, JsonNode body) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (secret != null) {
            headers.put("x-mcphub-cluster-secret", secret);
        }
        return new ApiRequest("POST", "/api/cluster/x", Map.of(), Map.of(), headers, body);
    }

    static ObjectNode registration(String id, String server, String version) {
        ObjectNode o = Json.object()
                .put("id", id)
                .put("name", "Worker Node 1")
                .put("url", "http://10.0.0.5:3001")
                .put("weight", 1)
                .put("heartbeatInterval", 5000);
        o.putArray("servers").add(server(server, version, true));
        o.putObject("load").put("sessions", 0).put("inFlight", 0);
        return o;
    }

    static ObjectNode heartbeat(String id, String server, String version) {
        ObjectNode o = Json.object().put("id", id);
        o.putArray("servers").add(server(server, version, false));
        o.putObject("load").put("sessions", 3).put("inFlight", 1);
        return o;
    }

    static ObjectNode server(String name, String version, boolean withCatalog) {
        ObjectNode s =
                Json.object().put("name", name).put("status", "connected").put("catalogVersion", version);
        if (withCatalog) {
            ServerCatalog c =
                    ServerCatalog.EMPTY.withTools(List.of(Json.object().put("name", "tool-" + version)));
            s.set("catalog", c.toJson());
        }
        return s;
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
