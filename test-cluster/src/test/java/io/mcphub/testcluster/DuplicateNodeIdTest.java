package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.config.ConfigException;
import io.mcphub.config.SettingsLoader;
import io.mcphub.node.NodePlugin;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a copied node settings file used to take over the other node's registration silently (three processes
 * showed as two nodes). Now the copy is refused while the original lives, both sides say so, and the copy joins
 * once the original is gone.
 */
class DuplicateNodeIdTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aCopyOfANodesSettings_isRefusedWhileTheOriginalLives_andTakesTheIdOnceItIsDead() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(log, originalErr), true, StandardCharsets.UTF_8));
        HubRuntime copy = null;
        try (TestCluster cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(300))
                .nodeTimeout(Duration.ofMillis(1500))
                .cleanupInterval(Duration.ofSeconds(30))
                .start()) {
            String original = cluster.nodeUrl(1).toString().replaceAll("/$", "");
            copy = HubRuntime.start(
                    new SettingsLoader(Map.<String, String>of()::get)
                            .parse(new ObjectMapper().writeValueAsString(cluster.nodeSettings(1)), "copied node2.json"),
                    PluginRegistry.load(List.of()),
                    "127.0.0.1",
                    0);
            NodePlugin intruder = NodePlugin.of(copy);
            String copyUrl = "http://127.0.0.1:" + copy.port();
            assertEquals(cluster.nodeId(1), intruder.nodeId(), "the copy has the same id");

            await().atMost(WAIT).until(() -> intruder.coordinatorTrouble().isPresent());
            String trouble = intruder.coordinatorTrouble().orElseThrow();
            assertTrue(
                    trouble.contains("409")
                            && trouble.contains("systemConfig.cluster.node.id")
                            && trouble.contains(original),
                    trouble);
            assertFalse(intruder.registered());
            JsonNode held = node(cluster, cluster.nodeId(1));
            assertEquals(original, held.path("url").asText(), "the original keeps its registration");
            assertEquals(2, cluster.managementGet("/api/cluster/nodes").size());
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(
                    text.contains("Refusing node " + cluster.nodeId(1) + " at " + copyUrl
                            + ": the id is registered by the live node at " + original),
                    "coordinator log:\n" + text);

            cluster.kill(1);
            String id = cluster.nodeId(1);
            await().atMost(WAIT)
                    .until(() ->
                            "unhealthy".equals(node(cluster, id).path("status").asText()));
            intruder.resumeHeartbeats(); // try now rather than at the end of the backoff
            await().atMost(WAIT).until(intruder::registered);
            assertEquals(copyUrl, node(cluster, cluster.nodeId(1)).path("url").asText());
            assertTrue(intruder.coordinatorTrouble().isEmpty());
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        } finally {
            if (copy != null) {
                copy.halt();
            }
            System.setErr(originalErr);
        }
    }

    private static JsonNode node(TestCluster cluster, String id) {
        for (JsonNode n : cluster.managementGet("/api/cluster/nodes")) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id);
    }

    /** Writes to the captured buffer and on to the real stream. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream buffer;
        private final PrintStream out;

        Tee(ByteArrayOutputStream buffer, PrintStream out) {
            this.buffer = buffer;
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            out.write(b, off, len);
        }
    }
}
