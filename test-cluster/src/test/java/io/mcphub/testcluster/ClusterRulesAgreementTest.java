package io.mcphub.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.coordinator.registry.NodeReports;
import io.mcphub.coordinator.registry.Parsed;
import io.mcphub.jsonrpc.Json;
import io.mcphub.node.NodeProvider;
import io.mcphub.spi.ConfigView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a node accepts in its settings, the coordinator accepts in its registration, and the other way round: an id,
 * a URL or a heartbeat interval is refused by both (the node at start, with its path) or by neither.
 */
class ClusterRulesAgreementTest {

    @Test
    void nodeIds_areAcceptedByBothOrByNeither() {
        assertAgreement(
                "id",
                List.of(
                        "node-1",
                        "n",
                        "a.b_c-d",
                        "7",
                        "n".repeat(128),
                        "_n1",
                        ".n",
                        "-n",
                        "n".repeat(129),
                        "node 1",
                        "nöde",
                        ""));
    }

    @Test
    void urls_areAcceptedByBothOrByNeither() {
        assertAgreement(
                "url",
                List.of(
                        "http://10.0.0.5:3001",
                        "https://node.example",
                        "http://[::1]:3001/",
                        "http://h:1/base",
                        "ftp://h",
                        "http:///x",
                        "http://h/?q=1",
                        "http://h/#f",
                        "http://user@h:1",
                        "h:3001"));
    }

    @Test
    void heartbeatIntervals_areAcceptedByBothOrByNeither() {
        assertAgreement("heartbeatInterval", List.of(100L, 101L, 5000L, 3_600_000L, 99L, 50L, 0L, -1L, 3_600_001L));
    }

    @Test
    void everyNameTheNodeAccepts_theCoordinatorAccepts() {
        List<Object> names = List.of("Worker Node 1", "n", "n".repeat(256), "n".repeat(257), "tab\there", " ", "");
        int accepted = 0;
        for (Object name : names) {
            if (nodeAccepts("name", name)) {
                accepted++;
                assertTrue(coordinatorAccepts("name", name), "the coordinator refuses " + name);
            }
        }
        assertEquals(3, accepted);
        assertTrue(!coordinatorAccepts("name", "n".repeat(257)) && !coordinatorAccepts("name", "tab\there"));
    }

    private static void assertAgreement(String key, List<Object> values) {
        Map<String, String> disagreements = new TreeMap<>();
        int accepted = 0;
        for (Object v : values) {
            boolean node = nodeAccepts(key, v);
            boolean coordinator = coordinatorAccepts(key, v);
            if (node != coordinator) {
                disagreements.put(
                        String.valueOf(v),
                        "node " + (node ? "accepts" : "refuses") + ", coordinator "
                                + (coordinator ? "accepts" : "refuses"));
            }
            accepted += node ? 1 : 0;
        }
        assertEquals(Map.of(), disagreements);
        assertTrue(accepted > 0 && accepted < values.size(), "the cases cover both answers: " + accepted);
    }

    private static boolean nodeAccepts(String key, Object value) {
        Map<String, Object> node = new TreeMap<>(Map.of("coordinatorUrl", "http://coordinator:3000"));
        node.put(key, value);
        return new NodeProvider()
                .parse(ConfigView.of("systemConfig.cluster", Map.of("node", node))).errors().stream()
                        .noneMatch(p -> p.path().equals("systemConfig.cluster.node." + key));
    }

    private static boolean coordinatorAccepts(String key, Object value) {
        ObjectNode body = Json.object()
                .put("id", "node-1")
                .put("url", "http://10.0.0.5:3001")
                .put("heartbeatInterval", 5000);
        body.putArray("servers");
        body.set(key, Json.MAPPER.valueToTree(value));
        return NodeReports.registration(body) instanceof Parsed.Valid;
    }
}
