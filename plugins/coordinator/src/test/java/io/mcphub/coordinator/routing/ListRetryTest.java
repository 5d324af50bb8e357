package io.mcphub.coordinator.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.registry.ClusterMembership;
import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.ServerReplica;
import io.mcphub.hub.SessionChannel;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.runtime.TestModeContexts;
import io.mcphub.session.ClientSession;
import io.mcphub.session.RequestContext;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.fixture.Era;
import io.mcphub.testkit.fixture.ExecutionLog;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.fixture.FixtureState;
import io.mcphub.testkit.fixture.Hold;
import io.mcphub.testkit.fixture.Tool;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.CallOutcome;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coordinator's hop for what no hub forwards on its own: lists. Both the coordinator and a node answer a client's
 * list from the registered catalog, so a list is in flight on a node's {@code /mcp/{server}} only when the
 * coordinator's server is asked for it directly. Here the two "nodes" are fixture processes serving
 * {@code /mcp/fixture} themselves (so the list reaches a real MCP server and can be held there); the one running the
 * request is killed mid-request. A list is sent to the other one and answered once; a tool call that is not safe to
 * run twice gets the "may have run" error and runs once, which shows the kill is seen as "may have run" here.
 */
class ListRetryTest {
    private static final String SERVER = "fixture";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RunningHub host;
    private final List<FixtureProcess> nodes = new ArrayList<>();
    private ReplicaSetUpstream upstream;

    private static final class Membership implements ClusterMembership {
        private final ClusterView view;

        Membership(ClusterView view) {
            this.view = view;
        }

        @Override
        public ClusterView view() {
            return view;
        }

        @Override
        public void addListener(Consumer<ClusterView> listener) {
            // one fixed view
        }

        @Override
        public void suspect(String nodeId, String reason) {
            // the view is fixed: the tried set keeps the dead node out of this request
        }
    }

    /** The first healthy node: the request's first attempt goes to n1, its retry to n2. */
    private static final class FirstHealthy implements LoadBalancer {
        @Override
        public Picker picker(NodeSet set) {
            return request -> set.healthy().stream().findFirst();
        }

        @Override
        public void onStart(NodeView n) {
            // no load to track
        }

        @Override
        public void onEnd(NodeView n, long elapsedNanos, boolean failed) {
            // no load to track
        }
    }

    @BeforeEach
    void start() {
        host = RunningHub.start("{\"mcpServers\": {}, \"systemConfig\": {\"metrics\": {\"enabled\": true}}}");
        Map<String, NodeRecord> records = new LinkedHashMap<>();
        ServerCatalog catalog = fixtureCatalog();
        for (String id : List.of("n1", "n2")) {
            FixtureProcess node = FixtureProcess.startHttp(
                    id,
                    "--path",
                    "/mcp/" + SERVER,
                    "--executions",
                    executions(id).toString());
            nodes.add(node);
            ServerReplica replica = new ServerReplica(SERVER, "connected", "v1", catalog);
            Instant now = Instant.now();
            records.put(
                    id,
                    new NodeRecord(
                            id,
                            id,
                            "http://127.0.0.1:" + node.port(),
                            1,
                            NodeHealth.HEALTHY,
                            now,
                            now,
                            now,
                            Map.of(SERVER, replica),
                            0,
                            0));
        }
        ClusterView view = new ClusterView(1, records);
        LoadBalancer balancer = new FirstHealthy();
        upstream = new ReplicaSetUpstream(
                SERVER,
                ReplicaSet.build(SERVER, view, new NodeLoad(), null, balancer),
                TestModeContexts.of(host.hub(), "secret"),
                new Membership(view),
                new Placer(null),
                null,
                balancer,
                "secret",
                new CallOptions(WAIT, false, null));
    }

    /** The catalog a node would register: the fixture's tools, with their annotations. */
    private static ServerCatalog fixtureCatalog() {
        List<ObjectNode> tools = new FixtureState("catalog", Era.LEGACY)
                .tools().list().stream().map(Tool::descriptor).toList();
        return ServerCatalog.EMPTY.withTools(tools);
    }

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.stop();
        }
        nodes.forEach(FixtureProcess::close);
        if (host != null) {
            host.close();
        }
    }

    private Path executions(String nodeId) {
        return dir.resolve(nodeId + ".jsonl");
    }

    private long ranOn(String nodeId, Path release) {
        return ExecutionLog.heldOn(executions(nodeId), release);
    }

    private double failovers(String outcome) {
        Counter c = host.hub()
                .metrics()
                .registry()
                .find("mcphub.cluster.failovers")
                .tags("mcphub.server", SERVER, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** Sends the request held on a release file, kills n1 once it runs it, releases it; the one outcome. */
    private CallOutcome killFirstNodeUnder(String method, ObjectNode params, Path release) throws Exception {
        ClientSession session = new ClientSession(
                "client-1", ClientSession.Transport.STREAMABLE_HTTP, EndpointView.global(), 16, "2025-11-25");
        RequestContext context =
                RequestContext.of(session, IntNode.valueOf(1), SERVER, new SessionChannel(session.standalone()));
        params.putObject("_meta").put(Hold.META_KEY, release.toString());
        var call = upstream.call(method, params, context);
        await().atMost(WAIT).until(() -> call.outcome().isDone() || ranOn("n1", release) == 1);
        assertEquals(
                1,
                ranOn("n1", release),
                () -> "answered before n1 ran it: " + call.outcome().getNow(null));
        nodes.get(0).process().destroyForcibly();
        Files.createFile(release);
        return call.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools/list", "prompts/list", "resources/list", "resources/templates/list"})
    void nodeDyingMidList_listIsRetriedOnAnotherReplica(String method) throws Exception {
        Path release = dir.resolve("release");
        double retried = failovers("retried");
        CallOutcome outcome = killFirstNodeUnder(method, Json.object(), release);

        assertEquals(CallOutcome.Kind.ANSWERED, outcome.kind(), outcome::toString);
        JsonNode response = ((CallOutcome.Answered) outcome).response();
        assertTrue(response.has("result") && !response.has("error"), response::toString);
        String list = method.equals("resources/templates/list") ? "resourceTemplates" : method.split("/")[0];
        assertTrue(response.path("result").path(list).size() > 0, response::toString);
        assertEquals(1, ranOn("n1", release), "it ran on the node that died");
        assertEquals(1, ranOn("n2", release), "it ran once on the other replica");
        assertEquals(retried + 1, failovers("retried"));
    }

    @Test
    void nodeDyingMidCall_nonIdempotentToolRunsOnceAndErrors() throws Exception {
        Path release = dir.resolve("release");
        double mayHaveRun = failovers("may_have_run");
        ObjectNode params = Json.object().put("name", "append_record");
        params.putObject("arguments").put("key", "k").put("value", "x");
        CallOutcome outcome = killFirstNodeUnder("tools/call", params, release);

        assertEquals(CallOutcome.Kind.MAY_HAVE_RUN, outcome.kind(), outcome::toString);
        ObjectNode error = CallOutcome.render(outcome, IntNode.valueOf(1));
        assertEquals(
                JsonRpc.SERVER_UNAVAILABLE, error.path("error").path("code").asInt(), error::toString);
        assertTrue(error.path("error").path("message").asText().contains("n1"), error::toString);
        assertEquals(1, ranOn("n1", release), "it ran on the node that died");
        assertEquals(0, ranOn("n2", release), "it did not run on the other replica");
        assertEquals(mayHaveRun + 1, failovers("may_have_run"));
    }
}
