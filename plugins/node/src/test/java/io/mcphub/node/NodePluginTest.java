package io.mcphub.node;

import static io.mcphub.node.NodeTestSupport.SECRET;
import static io.mcphub.node.NodeTestSupport.settings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.api.Secrets;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.node.FakeCoordinator.Call;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.support.McpHttpClient;
import io.mcphub.upstream.Upstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node plugin in a real hub, against an in-test coordinator, over real sockets. */
class NodePluginTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NodeTestSupport nodes = new NodeTestSupport();
    private final List<FakeCoordinator> coordinators = new ArrayList<>();
    private FakeCoordinator coordinator;

    @BeforeEach
    void startCoordinator() {
        coordinator = coordinator(SECRET, 0);
    }

    @AfterEach
    void close() {
        nodes.close();
        coordinators.forEach(FakeCoordinator::close);
    }

    private FakeCoordinator coordinator(String secret, int port) {
        FakeCoordinator c = FakeCoordinator.start(secret, port);
        coordinators.add(c);
        return c;
    }

    private HubRuntime node(String nodeFields, boolean withFixture) {
        return nodes.start(settings(coordinator.url(), nodeFields, withFixture, null));
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path(field).asText())
                .toList();
    }

    @Test
    void registersOnStart_withItsServersAndTheirCatalogs() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", true);
        NodePlugin plugin = NodePlugin.of(runtime);

        Call reg = await().atMost(WAIT)
                .until(
                        () -> coordinator.acceptedRegistrations().stream()
                                .filter(c -> c.body()
                                        .path("servers")
                                        .path(0)
                                        .path("status")
                                        .asText()
                                        .equals("connected"))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        JsonNode body = reg.body();
        assertEquals(plugin.nodeId(), body.path("id").asText());
        assertEquals(
                NodeIdentity.derivedId("http://127.0.0.1:" + runtime.port()),
                body.path("id").asText());
        assertEquals("http://127.0.0.1:" + runtime.port(), body.path("url").asText());
        assertEquals(NodeIdentity.hostName(), body.path("name").asText());
        assertEquals(1, body.path("weight").asInt());
        assertEquals(100, body.path("heartbeatInterval").asInt());
        assertTrue(body.path("load").path("sessions").isInt(), body.toString());
        assertTrue(body.path("load").path("inFlight").isInt(), body.toString());

        JsonNode fx = body.path("servers").path(0);
        assertEquals("fx", fx.path("name").asText());
        List<String> tools = names(fx.path("catalog").path("tools"), "name");
        assertTrue(tools.contains("echo") && tools.contains("add"), tools.toString());
        assertEquals(
                ServerCatalog.fromJson(fx.path("catalog")).fingerprint(),
                fx.path("catalogVersion").asText());
        Upstream upstream = runtime.hub().upstream("fx");
        assertEquals(upstream.catalog().fingerprint(), fx.path("catalogVersion").asText());
        assertTrue(plugin.registered());
        assertTrue(plugin.lastHeartbeatAck().isPresent());
    }

    @Test
    void heartbeatsAtTheConfiguredInterval_withCatalogVersionsAndLoad() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", true);
        await().atMost(WAIT).until(() -> runtime.hub().upstream("fx").status().connected());
        McpHttpClient client = new McpHttpClient(URI.create("http://localhost:" + runtime.port() + "/mcp/fx"));
        client.initialize();

        await().atMost(WAIT)
                .until(() -> coordinator.heartbeats().stream()
                        .anyMatch(c -> c.body().path("load").path("sessions").asInt() == 1));
        int before = coordinator.heartbeats().size();
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= before + 11);

        List<Call> beats = coordinator.heartbeats();
        List<Long> gaps = new ArrayList<>();
        for (int i = beats.size() - 10; i < beats.size(); i++) {
            gaps.add(Duration.between(beats.get(i - 1).at(), beats.get(i).at()).toMillis());
        }
        Collections.sort(gaps);
        long median = gaps.get(gaps.size() / 2);
        assertTrue(median >= 70 && median <= 250, "median gap " + median + " ms in " + gaps);

        JsonNode last = beats.get(beats.size() - 1).body();
        assertEquals(NodePlugin.of(runtime).nodeId(), last.path("id").asText());
        JsonNode fx = last.path("servers").path(0);
        assertEquals("fx", fx.path("name").asText());
        assertEquals("connected", fx.path("status").asText());
        assertEquals(
                runtime.hub().upstream("fx").catalog().fingerprint(),
                fx.path("catalogVersion").asText());
        assertTrue(fx.path("catalog").isMissingNode(), "a heartbeat carries versions, not catalogs: " + fx);
        assertEquals(1, last.path("load").path("sessions").asInt());
        assertEquals(0, last.path("load").path("inFlight").asInt());
    }

    @Test
    void coordinatorUnavailable_registrationRetriedWithBackoff() {
        coordinator.behave(FakeCoordinator.Behaviour.UNAVAILABLE);
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        await().atMost(WAIT).until(() -> coordinator.registrations().size() >= 2);
        coordinator.behave(FakeCoordinator.Behaviour.NORMAL);
        await().atMost(WAIT).until(() -> NodePlugin.of(runtime).registered());

        List<Call> attempts = coordinator.registrations();
        assertEquals(3, attempts.size(), "two refused attempts, then one accepted");
        assertEquals(503, attempts.get(0).status());
        assertEquals(503, attempts.get(1).status());
        assertEquals(200, attempts.get(2).status());
        long first =
                Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis();
        long second =
                Duration.between(attempts.get(1).at(), attempts.get(2).at()).toMillis();
        assertTrue(first >= 700 && first <= 1500, "first retry after ~1 s, was " + first + " ms");
        assertTrue(second >= 1500 && second <= 2900, "second retry after ~2 s, was " + second + " ms");
        assertTrue(
                coordinator.heartbeats().stream()
                        .allMatch(h -> h.at().isAfter(attempts.get(2).at().minusMillis(1))),
                "no heartbeats before the registration was accepted");
    }

    @Test
    void connectionRefused_keepsTryingUntilTheCoordinatorComesUp() {
        int port = coordinator.port();
        coordinator.close();
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(() -> plugin.registrationAttempts() >= 1);
        assertFalse(plugin.registered());

        coordinator = coordinator(SECRET, port);
        await().atMost(WAIT).until(plugin::registered);
        assertEquals(1, coordinator.acceptedRegistrations().size());
        assertTrue(plugin.registrationAttempts() >= 2, "attempts: " + plugin.registrationAttempts());
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 2);
    }

    @Test
    void unknownToCoordinator_registersAgainAtOnce() {
        HubRuntime runtime = node("\"heartbeatInterval\": 1000", false);
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(plugin::registered);

        coordinator.forget(plugin.nodeId());
        await().atMost(WAIT).until(() -> coordinator.acceptedRegistrations().size() == 2);

        Call unknown = coordinator.heartbeats().stream()
                .filter(h -> h.status() == 404)
                .findFirst()
                .orElseThrow();
        Call again = coordinator.acceptedRegistrations().get(1);
        long gap = Duration.between(unknown.at(), again.at()).toMillis();
        assertTrue(gap < 500, "registered again " + gap + " ms after the 404, not on the next beat (1000 ms)");
        await().atMost(WAIT).until(() -> plugin.registrationCount() == 2); // the coordinator records before it answers
        assertTrue(plugin.registered());
        assertTrue(coordinator.knows(plugin.nodeId()));
    }

    @Test
    void serverConnectingAfterRegistration_isReportedAtOnce_notAtTheNextBeat() {
        HubRuntime runtime = node("\"heartbeatInterval\": 60000", true);
        // the fixture takes a moment to start, so the first registration says "connecting"; the change must not
        // wait for the next beat, a minute away
        await().atMost(WAIT)
                .until(() -> Stream.concat(
                                coordinator.acceptedRegistrations().stream(), coordinator.heartbeats().stream())
                        .anyMatch(c -> c.body()
                                .path("servers")
                                .path(0)
                                .path("status")
                                .asText()
                                .equals("connected")));
        assertTrue(runtime.hub().upstream("fx").status().connected());
    }

    @Test
    void needCatalog_registersAgainAtOnce_withTheCatalog() {
        HubRuntime runtime = node("\"heartbeatInterval\": 1000", true);
        await().atMost(WAIT)
                .until(() -> coordinator.acceptedRegistrations().stream()
                        .anyMatch(c -> c.body()
                                .path("servers")
                                .path(0)
                                .path("status")
                                .asText()
                                .equals("connected")));
        int before = coordinator.acceptedRegistrations().size();

        coordinator.askCatalog("fx");
        await().atMost(WAIT).until(() -> coordinator.acceptedRegistrations().size() == before + 1);

        Call again = coordinator.acceptedRegistrations().get(before);
        Call asked = coordinator.heartbeats().stream()
                .filter(h -> h.at().isBefore(again.at()))
                .reduce((a, b) -> b)
                .orElseThrow();
        long gap = Duration.between(asked.at(), again.at()).toMillis();
        assertTrue(gap < 500, "registered again " + gap + " ms after the heartbeat, not on the next beat (1000 ms)");
        List<String> tools =
                names(again.body().path("servers").path(0).path("catalog").path("tools"), "name");
        assertTrue(tools.contains("echo"), tools.toString());
        await().atMost(WAIT).until(() -> NodePlugin.of(runtime).registrationCount() == before + 1);
    }

    @Test
    void everyCallCarriesTheClusterSecret() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 3);
        nodes.stop(runtime);

        List<Call> calls = coordinator.calls();
        assertEquals(1, coordinator.deregistrations().size());
        assertEquals(1, coordinator.calls(CoordinatorClient.DRAIN).size(), "a clean stop drains the node first");
        assertTrue(calls.size() >= 5, calls.toString());
        for (Call c : calls) {
            assertEquals(SECRET, c.secretHeader(), c.path() + " without the secret");
            assertEquals(200, c.status(), c.path());
        }
    }

    @Test
    void wrongSecret_isRefusedAndTheNodeKeepsTrying() {
        coordinator.close();
        coordinator = coordinator("a-different-secret-of-the-coordinator", coordinator.port());
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        await().atMost(WAIT).until(() -> coordinator.registrations().size() >= 2);

        assertTrue(coordinator.registrations().stream().allMatch(c -> c.status() == 401));
        assertFalse(NodePlugin.of(runtime).registered());
        assertTrue(coordinator.heartbeats().isEmpty(), "no heartbeats while not registered");
        assertFalse(coordinator.knows(NodePlugin.of(runtime).nodeId()));
    }

    @Test
    void stop_deregistersAndSendsNothingMore() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        String id = NodePlugin.of(runtime).nodeId();
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 2);

        nodes.stop(runtime);

        List<Call> deregs = coordinator.deregistrations();
        assertEquals(1, deregs.size(), "stop() returns after the deregistration");
        assertEquals(id, deregs.get(0).body().path("id").asText());
        assertFalse(coordinator.knows(id));
        Call last = coordinator.calls().get(coordinator.calls().size() - 1);
        assertEquals(CoordinatorClient.DEREGISTER, last.path(), "the deregistration is the last call");
        int count = coordinator.calls().size();
        await().during(Duration.ofMillis(400))
                .atMost(Duration.ofSeconds(2))
                .until(() -> coordinator.calls().size() == count);
    }

    @Test
    void halt_stopsHeartbeatsWithoutDeregistering() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        String id = NodePlugin.of(runtime).nodeId();
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 2);

        nodes.halt(runtime);

        int count = coordinator.calls().size();
        await().during(Duration.ofMillis(400))
                .atMost(Duration.ofSeconds(2))
                .until(() -> coordinator.calls().size() == count);
        assertTrue(coordinator.deregistrations().isEmpty());
        assertTrue(coordinator.knows(id), "the coordinator must find out by the missing heartbeats");
    }

    @Test
    void pausedHeartbeats_sendNothing_andResumeRegistersAgainWhenForgotten() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 2);

        plugin.pauseHeartbeats();
        assertTrue(plugin.heartbeatsPaused());
        int count = coordinator.calls().size();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> coordinator.calls().size() == count);

        coordinator.forget(plugin.nodeId()); // the coordinator dropped the silent node
        plugin.resumeHeartbeats();
        assertFalse(plugin.heartbeatsPaused());
        await().atMost(WAIT).until(() -> coordinator.acceptedRegistrations().size() == 2);
        await().atMost(WAIT)
                .until(() -> coordinator.heartbeats().stream().skip(count).anyMatch(h -> h.status() == 200));
        await().atMost(WAIT).until(plugin::registered);
    }

    @Test
    void derivedId_isStableForTheSameAdvertisedUrl_andDiffersForAnother() {
        HubRuntime first = node("\"heartbeatInterval\": 100", false);
        int port = first.port();
        String id = NodePlugin.of(first).nodeId();
        assertEquals(NodeIdentity.derivedId("http://127.0.0.1:" + port), id);
        assertTrue(id.matches("node-[0-9a-f]{12}"), id);
        await().atMost(WAIT).until(() -> coordinator.acceptedRegistrations().size() == 1);
        nodes.stop(first);

        HubRuntime again = nodes.start(settings(coordinator.url(), "\"heartbeatInterval\": 100", false, null), port);
        assertEquals(id, NodePlugin.of(again).nodeId());
        await().atMost(WAIT).until(() -> coordinator.acceptedRegistrations().size() == 2);
        assertEquals(id, coordinator.acceptedRegistrations().get(1).id());

        HubRuntime other = node("\"heartbeatInterval\": 100", false);
        assertNotEquals(id, NodePlugin.of(other).nodeId());
    }

    @Test
    void configuredIdNameUrlAndWeight_win() {
        HubRuntime runtime = node(
                "\"id\": \"node-1\", \"name\": \"Worker Node 1\", \"url\": \"http://10.0.0.5:3001/\","
                        + " \"weight\": 3, \"heartbeatInterval\": 100",
                false);
        NodePlugin plugin = NodePlugin.of(runtime);
        assertEquals("node-1", plugin.nodeId());
        assertEquals(new NodeIdentity("node-1", "Worker Node 1", "http://10.0.0.5:3001"), plugin.identity());
        await().atMost(WAIT).until(plugin::registered);
        JsonNode body = coordinator.acceptedRegistrations().get(0).body();
        assertEquals("node-1", body.path("id").asText());
        assertEquals("Worker Node 1", body.path("name").asText());
        assertEquals("http://10.0.0.5:3001", body.path("url").asText());
        assertEquals(3, body.path("weight").asInt());
    }

    @Test
    void registerOnStartupOff_registersWhenTheFirstHeartbeatIsUnknown() {
        HubRuntime runtime = node("\"heartbeatInterval\": 100, \"registerOnStartup\": false", false);
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(plugin::registered);
        List<Call> calls = coordinator.calls();
        assertEquals(CoordinatorClient.HEARTBEAT, calls.get(0).path());
        assertEquals(404, calls.get(0).status());
        assertEquals(CoordinatorClient.REGISTER, calls.get(1).path());
    }

    @Test
    void clusterSecret_admitsMcpCalls_whenBearerAuthIsOn() {
        HubRuntime runtime = nodes.start(settings(
                coordinator.url(),
                "\"heartbeatInterval\": 100",
                true,
                "{\"enableBearerAuth\": true, \"bearerAuthKey\": \"client-key\"}"));
        await().atMost(WAIT).until(() -> runtime.hub().upstream("fx").status().connected());
        McpHttpClient client = new McpHttpClient(URI.create("http://localhost:" + runtime.port() + "/mcp/fx"));
        String initialize = """
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                 "capabilities": {}, "clientInfo": {"name": "coordinator", "version": "1"}}}""";

        McpHttpClient.Reply withSecret = client.post(initialize, Map.of(Secrets.CLUSTER_HEADER, SECRET));
        assertEquals(200, withSecret.status());
        assertEquals(
                "2025-06-18",
                withSecret.single().path("result").path("protocolVersion").asText(),
                withSecret.messages().toString());
        assertTrue(withSecret.header("Mcp-Session-Id") != null);

        assertEquals(401, client.post(initialize, Map.of()).status());
        assertEquals(
                401,
                client.post(initialize, Map.of(Secrets.CLUSTER_HEADER, "not-the-cluster-secret"))
                        .status());
        assertEquals(
                200,
                client.post(initialize, Map.of("Authorization", "Bearer client-key"))
                        .status());
    }

    @Test
    void accessorsBeforeRegistration_sayNotYet() {
        coordinator.behave(FakeCoordinator.Behaviour.UNAVAILABLE);
        HubRuntime runtime = node("\"heartbeatInterval\": 100", false);
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(() -> coordinator.registrations().size() >= 1);
        assertFalse(plugin.registered());
        assertTrue(plugin.lastHeartbeatAck().isEmpty());
        assertEquals(0, plugin.registrationCount());
        assertFalse(plugin.firstRegistration().isDone());
        assertNull(coordinator.registrations().get(0).body().path("nope").textValue());
    }

    @Test
    void logs_theSeedsLines_andAnOutageOnlyOnce() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            HubRuntime runtime =
                    node("\"id\": \"node-1\", \"name\": \"Worker Node 1\", \"heartbeatInterval\": 100", false);
            NodePlugin plugin = NodePlugin.of(runtime);
            await().atMost(WAIT).until(plugin::registered);

            coordinator.behave(FakeCoordinator.Behaviour.UNAVAILABLE);
            await().atMost(WAIT)
                    .until(() -> coordinator.heartbeats().stream()
                                    .filter(h -> h.status() == 503)
                                    .count()
                            >= 5);
            coordinator.behave(FakeCoordinator.Behaviour.NORMAL);
            coordinator.forget("node-1");
            await().atMost(WAIT).until(() -> plugin.registrationCount() == 2);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        String registered =
                "Registered with coordinator " + coordinator.url() + ": node node-1 (Worker Node 1) with 0 servers";
        assertEquals(2, log.lines().filter(l -> l.contains(registered)).count(), log);
        assertEquals(1, log.lines().filter(l -> l.contains("answered 503")).count(), "one line per outage:\n" + log);
        assertEquals(1, log.lines().filter(l -> l.contains("answers again")).count(), log);
        assertEquals(
                1,
                log.lines()
                        .filter(l -> l.contains("Coordinator does not know node node-1; registering again"))
                        .count(),
                log);
    }
}
