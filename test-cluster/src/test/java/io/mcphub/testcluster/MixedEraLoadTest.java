package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.support.ModernClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 2025 sessions and 2026-07-28 clients at once through one coordinator and three nodes: 2025 sessions stick to their
 * node, stateless requests spread over the replicas, each multi-round-trip retry completes on its issuing node; then
 * a node is killed under that load and every read-only request is still answered (placed again, or retried when it
 * was in flight).
 */
class MixedEraLoadTest {
    private static final Logger log = LoggerFactory.getLogger(MixedEraLoadTest.class);
    private static final int CLIENTS_PER_ERA = 8;

    private static String node(JsonNode answer) {
        JsonNode s = answer.path("result").path("structuredContent");
        String name = s.has("node") ? s.path("node").asText() : s.path("name").asText();
        if (name.isEmpty()) {
            throw new AssertionError("no answer from a node: " + answer);
        }
        return name;
    }

    private static ObjectNode args(String key) {
        return Json.object().put("key", key);
    }

    @Test
    void bothErasUnderLoad_stickOrSpreadAsTheyShould_andANodeKilledMidLoadLosesNoReadOnlyRequest() throws Exception {
        try (TestCluster cluster = TestCluster.builder()
                .nodes(3)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    servers.set("fixture", TestCluster.fixtureServer("fixture@node-" + (i + 1), "--era", "both"));
                    return servers;
                })
                .start()) {
            URI endpoint = URI.create(cluster.coordinatorUrl() + "/mcp/fixture");
            List<McpHttpClient> sessions = new ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_ERA; i++) {
                McpHttpClient c = new McpHttpClient(endpoint);
                c.initialize();
                sessions.add(c);
            }
            List<ModernClient> stateless = new ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_ERA; i++) {
                stateless.add(
                        new ModernClient(endpoint).capabilities(Json.object().set("elicitation", Json.object())));
            }
            ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_ERA);
            try {
                Map<Integer, Set<String>> nodesOfSession = new ConcurrentHashMap<>();
                Set<String> nodesOfStateless = ConcurrentHashMap.newKeySet();
                AtomicInteger mrtr = new AtomicInteger();
                List<Future<?>> phase1 = new ArrayList<>();
                for (int i = 0; i < CLIENTS_PER_ERA; i++) {
                    int n = i;
                    phase1.add(pool.submit(() -> {
                        for (int k = 0; k < 10; k++) {
                            nodesOfSession
                                    .computeIfAbsent(n, x -> ConcurrentHashMap.newKeySet())
                                    .add(node(sessions.get(n).callTool("read_record", args("s" + n))));
                        }
                    }));
                    phase1.add(pool.submit(() -> {
                        ModernClient c = stateless.get(n);
                        for (int k = 0; k < 10; k++) {
                            nodesOfStateless.add(
                                    node(c.call("read_record", args("m" + n)).single()));
                        }
                        ObjectNode params = Json.object().put("name", "test_input_required_result_request_state");
                        params.set("arguments", Json.object());
                        JsonNode first = c.send(c.request("tools/call", params, null))
                                .single()
                                .path("result");
                        params.put("requestState", first.path("requestState").asText());
                        ObjectNode responses = params.putObject("inputResponses");
                        first.path("inputRequests")
                                .fieldNames()
                                .forEachRemaining(key -> responses.set(
                                        key,
                                        Json.object()
                                                .put("action", "accept")
                                                .set("content", Json.object().put("name", "Ada"))));
                        JsonNode done =
                                c.send(c.request("tools/call", params, null)).single();
                        if ("complete"
                                .equals(done.path("result").path("resultType").asText())) {
                            mrtr.incrementAndGet();
                        } else {
                            throw new AssertionError("retry not completed on its node: " + done);
                        }
                    }));
                }
                for (Future<?> f : phase1) {
                    f.get();
                }
                nodesOfSession.forEach((n, nodes) -> assertEquals(1, nodes.size(), "session " + n + ": " + nodes));
                assertEquals(3, nodesOfStateless.size(), "stateless requests spread: " + nodesOfStateless);
                assertEquals(CLIENTS_PER_ERA, mrtr.get());

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger answered = new AtomicInteger();
                List<String> failures = new ArrayList<>();
                Set<String> after = ConcurrentHashMap.newKeySet();
                AtomicBoolean killed = new AtomicBoolean();
                List<Future<?>> phase2 = new ArrayList<>();
                for (int i = 0; i < CLIENTS_PER_ERA; i++) {
                    int n = i;
                    phase2.add(pool.submit(() -> {
                        while (running.get()) {
                            boolean afterKill = killed.get();
                            record(sessions.get(n).callTool("read_record", args("s" + n)), answered, failures);
                            if (afterKill) {
                                after.add("session");
                            }
                        }
                    }));
                    phase2.add(pool.submit(() -> {
                        while (running.get()) {
                            JsonNode a = stateless
                                    .get(n)
                                    .call("read_record", args("m" + n))
                                    .single();
                            record(a, answered, failures);
                            if (killed.get() && a.has("result")) {
                                after.add(node(a));
                            }
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > 200);
                cluster.kill(0);
                killed.set(true);
                int atKill = answered.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() > atKill + 300);
                running.set(false);
                for (Future<?> f : phase2) {
                    f.get();
                }
                synchronized (failures) {
                    assertTrue(failures.isEmpty(), failures.size() + " failed: " + failures);
                }
                assertTrue(!after.contains("fixture@node-1"), "nothing answered by the dead node after: " + after);
                log.info(
                        "mixed-era load: {} read-only requests answered ({} after node-1 was killed), 0 failed;"
                                + " stateless spread over {}, {} retries completed on their node",
                        answered.get(),
                        answered.get() - atKill,
                        nodesOfStateless,
                        mrtr.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void record(JsonNode answer, AtomicInteger answered, List<String> failures) {
        if (answer.has("result") && !answer.path("result").path("isError").asBoolean(false)) {
            answered.incrementAndGet();
        } else {
            synchronized (failures) {
                failures.add(answer.toString());
            }
        }
    }
}
