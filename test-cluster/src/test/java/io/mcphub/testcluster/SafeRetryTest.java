package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.testkit.fixture.ExecutionLog;
import io.mcphub.testkit.fixture.Hold;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node dies (killed: no deregistration, its port closed at once) while a request is running on it. A request the
 * protocol marks safe to run twice ({@code resources/read}, {@code prompts/get}, {@code completion/complete}, a tool
 * annotated {@code readOnlyHint} or {@code idempotentHint}) is sent again to the other replica: the client sees one
 * successful answer, and the coordinator counts a {@code retried} failover. Any other tool call gets the "may have
 * run" error, as before, and runs once. Each fixture records the requests it ran in its own executions file
 * ({@code --executions}), which outlives the node; each request is held on the node that runs it (the fixture's
 * {@link Hold}) until the test has killed that node.
 *
 * <p>Lists are not here: the coordinator and the nodes both answer them from the registered catalogs, so no list
 * is in flight on a node's server to be cut off. {@code io.mcphub.coordinator.routing.ListRetryTest} proves their
 * retry at the coordinator's hop, against fixtures that serve a node's {@code /mcp/{server}} themselves.
 */
class SafeRetryTest {
    private static final String SERVER = "fixture";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private Integer killed;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(300))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    String id = "node-" + (i + 1);
                    servers.set(
                            SERVER,
                            TestCluster.fixtureServer(
                                    id, "--executions", executions(id).toString()));
                    return servers;
                })
                .coordinatorSettings("{\"systemConfig\": {\"metrics\": {\"enabled\": true}}}")
                .start();
        awaitFullCatalog();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The next test starts with both replicas again. */
    @AfterEach
    void restartKilledNode() {
        if (killed != null) {
            cluster.restart(killed);
            killed = null;
            awaitFullCatalog();
        }
    }

    /**
     * A node that has just registered may report its server before the server's lists are in: the next test waits
     * until the coordinator lists the resource and prompt the tests use, or it could be told they do not exist.
     */
    private static void awaitFullCatalog() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            StickyClient c = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
            c.initialize();
            String resources = c.call("resources/list", Json.object()).toString();
            String prompts = c.call("prompts/list", Json.object()).toString();
            c.close();
            return resources.contains("test://static-text") && prompts.contains("\"name\"");
        });
    }

    private static Path executions(String nodeId) {
        return dir.resolve(nodeId + ".jsonl");
    }

    /** How often the node's fixture ran a request held on {@code release}. */
    private static long ranOn(int index, Path release) {
        return ExecutionLog.heldOn(executions(cluster.nodeId(index)), release);
    }

    private static ObjectNode held(ObjectNode params, Path release) {
        params.putObject("_meta").put(Hold.META_KEY, release.toString());
        return params;
    }

    /** A tool or prompt as a client of {@code /mcp} names it: the server's name, a dash, the node-side name. */
    private static String exposed(String name) {
        return SERVER + "-" + name;
    }

    private static ObjectNode tool(String name, String key, String value) {
        ObjectNode params = Json.object().put("name", exposed(name));
        ObjectNode args = params.putObject("arguments").put("key", key);
        if (value != null) {
            args.put("value", value);
        }
        return params;
    }

    private static double failovers(String outcome) {
        Counter c = cluster.coordinator()
                .hub()
                .metrics()
                .registry()
                .find("mcphub.cluster.failovers")
                .tags("mcphub.server", SERVER, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** What became of one held request whose node was killed under it. */
    private record Killed(int home, int other, Path release, JsonNode response) {}

    /**
     * Sends the request held on a fresh release file, waits until a node runs it, kills that node, releases the
     * request (the other replica runs it at once if the coordinator retries it) and returns the one answer.
     */
    private Killed killNodeUnder(Path release, Supplier<JsonNode> send) throws Exception {
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(send);
        await().atMost(WAIT).until(() -> answer.isDone() || ranOn(0, release) + ranOn(1, release) == 1);
        if (answer.isDone()) {
            throw new AssertionError("answered before any node ran it: " + answer.get());
        }
        int home = ranOn(0, release) == 1 ? 0 : 1;
        killed = home;
        cluster.kill(home);
        Files.createFile(release);
        JsonNode response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new Killed(home, 1 - home, release, response);
    }

    private Killed killNodeUnder(String method, ObjectNode params) throws Exception {
        Path release = dir.resolve("release-" + UUID.randomUUID());
        StickyClient client = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
        client.initialize();
        ObjectNode sent = held(params, release);
        return killNodeUnder(release, () -> client.call(method, sent));
    }

    /** The request ran on the dead node and once more on the other, and the client got that one answer. */
    private static JsonNode assertRetriedOnce(Killed k, double retriedBefore) {
        assertTrue(k.response().has("result"), () -> "one successful answer expected: " + k.response());
        assertFalse(k.response().has("error"), k.response()::toString);
        assertEquals(1, ranOn(k.home(), k.release()), "it ran on the node that died");
        assertEquals(1, ranOn(k.other(), k.release()), "it ran once on the other replica");
        assertEquals(retriedBefore + 1, failovers("retried"), "the coordinator counts the retry");
        return k.response().get("result");
    }

    @Test
    void nodeDyingMidCall_resourceReadIsRetriedOnAnotherReplica() throws Exception {
        double before = failovers("retried");
        Killed k = killNodeUnder("resources/read", Json.object().put("uri", "test://static-text"));
        JsonNode result = assertRetriedOnce(k, before);
        assertEquals(
                "This is the content of the static text resource.",
                result.path("contents").path(0).path("text").asText(),
                result::toString);
    }

    @Test
    void nodeDyingMidCall_promptGetIsRetriedOnAnotherReplica() throws Exception {
        double before = failovers("retried");
        ObjectNode params = Json.object().put("name", exposed("test_prompt_with_arguments"));
        params.putObject("arguments").put("arg1", "a").put("arg2", "b");
        JsonNode result = assertRetriedOnce(killNodeUnder("prompts/get", params), before);
        assertEquals(
                "Prompt with arguments: arg1='a', arg2='b'",
                result.path("messages").path(0).path("content").path("text").asText(),
                result::toString);
    }

    @Test
    void nodeDyingMidCall_completionIsRetriedOnAnotherReplica() throws Exception {
        double before = failovers("retried");
        ObjectNode params = Json.object();
        params.putObject("ref").put("type", "ref/prompt").put("name", exposed("test_prompt_with_arguments"));
        params.putObject("argument").put("name", "arg1").put("value", "ga");
        JsonNode result = assertRetriedOnce(killNodeUnder("completion/complete", params), before);
        assertEquals("gamma", result.path("completion").path("values").path(0).asText(), result::toString);
    }

    @Test
    void nodeDyingMidCall_readOnlyToolIsRetriedOnAnotherReplica() throws Exception {
        double before = failovers("retried");
        Killed k = killNodeUnder("tools/call", tool("read_record", "k", null));
        JsonNode result = assertRetriedOnce(k, before);
        assertFalse(result.path("isError").asBoolean(false), result::toString);
        assertEquals(
                cluster.nodeId(k.other()),
                result.path("structuredContent").path("node").asText());
    }

    @Test
    void nodeDyingMidCall_idempotentToolIsRetriedOnAnotherReplica() throws Exception {
        double before = failovers("retried");
        Killed k = killNodeUnder("tools/call", tool("put_record", "k", "v"));
        JsonNode result = assertRetriedOnce(k, before);
        assertFalse(result.path("isError").asBoolean(false), result::toString);
        JsonNode answer = result.path("structuredContent");
        assertEquals(cluster.nodeId(k.other()), answer.path("node").asText());
        assertEquals("v", answer.path("value").asText());
    }

    @Test
    void nodeDyingMidCall_nonIdempotentToolRunsOnceAndErrors() throws Exception {
        double retried = failovers("retried");
        double mayHaveRun = failovers("may_have_run");
        Path release = dir.resolve("release-" + UUID.randomUUID());
        StickyClient client = new StickyClient(cluster.mcpUrl(), StickyClient.Mode.NONE);
        client.initialize();
        ObjectNode sent = held(tool("append_record", "k", "x"), release);
        Killed k = killNodeUnder(release, () -> client.call("tools/call", sent));

        JsonNode error = k.response().get("error");
        assertTrue(error != null, () -> "an error expected: " + k.response());
        String dead = cluster.nodeId(k.home());
        assertEquals(JsonRpc.SERVER_UNAVAILABLE, error.path("code").asInt(), error::toString);
        assertTrue(
                error.path("message").asText().contains(SERVER)
                        && error.path("message").asText().contains(dead)
                        && error.path("message").asText().contains("may have run"),
                error::toString);
        assertEquals(1, ranOn(k.home(), release), "it ran on the node that died");
        assertEquals(0, ranOn(k.other(), release), "it did not run a second time on the other replica");
        assertEquals(retried, failovers("retried"));
        assertEquals(mayHaveRun + 1, failovers("may_have_run"));

        // the session goes on, on the other replica
        JsonNode next = client.call("tools/call", tool("read_record", "k", null));
        assertEquals(
                cluster.nodeId(k.other()),
                next.path("result").path("structuredContent").path("node").asText(),
                next::toString);
        assertEquals(0, ranOn(k.other(), release), "still not run on the other replica");
    }
}
