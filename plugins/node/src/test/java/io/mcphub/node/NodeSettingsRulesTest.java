package io.mcphub.node;

import static io.mcphub.node.NodeTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's settings are checked with the coordinator's own rules: a value the coordinator would refuse on every
 * registration stops the node at start, with its path (it used to start and then be refused forever).
 */
class NodeSettingsRulesTest {
    private final NodeTestSupport nodes = new NodeTestSupport();

    @AfterEach
    void close() {
        nodes.close();
    }

    private static List<String> errors(Map<String, ?> node) {
        return new NodeProvider()
                .parse(ConfigView.of("systemConfig.cluster", Map.of("node", node))).errors().stream()
                        .map(ConfigProblem::toString)
                        .toList();
    }

    @Test
    void aHeartbeatIntervalBelowTheCoordinatorsMinimum_isAnErrorWithItsPath() {
        assertEquals(
                List.of("systemConfig.cluster.node.heartbeatInterval: 50 (expected: an integer from 100 to 3600000"
                        + " (milliseconds))"),
                errors(Map.of("coordinatorUrl", "http://c:3000", "heartbeatInterval", 50L)));
        assertTrue(errors(Map.of("coordinatorUrl", "http://c:3000", "heartbeatInterval", 100L))
                .isEmpty());
        assertEquals(
                1,
                errors(Map.of("coordinatorUrl", "http://c:3000", "heartbeatInterval", 3_600_001L))
                        .size());
    }

    @Test
    void anIdTheCoordinatorWouldRefuse_isAnErrorWithItsPath() {
        assertEquals(
                List.of("systemConfig.cluster.node.id: \"_n1\" (expected: 1 to 128 letters, digits, '.', '_' or"
                        + " '-', starting with a letter or digit)"),
                errors(Map.of("coordinatorUrl", "http://c:3000", "id", "_n1")));
        assertTrue(errors(Map.of("coordinatorUrl", "http://c:3000", "id", "n1_._-x"))
                .isEmpty());
        assertTrue(
                errors(Map.of("coordinatorUrl", "http://c:3000", "id", "n".repeat(128)))
                        .isEmpty(),
                "the coordinator takes 128 characters, so the node does too");
        assertEquals(
                1,
                errors(Map.of("coordinatorUrl", "http://c:3000", "id", "n".repeat(129)))
                        .size());
    }

    @Test
    void aUrlTheCoordinatorWouldRefuse_isAnErrorWithItsPath() {
        List<String> e = errors(Map.of("coordinatorUrl", "http://c:3000", "url", "http://10.0.0.5:3001/?x=1"));
        assertEquals(
                List.of("systemConfig.cluster.node.url: \"http://10.0.0.5:3001/?x=1\" (expected: an absolute"
                        + " http(s) URL with a host, e.g. \"http://10.0.0.5:3001\")"),
                e);
    }

    @Test
    void aNodeWithAHeartbeatOf50_doesNotStart_andSaysWhy() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> nodes.start(settings("http://127.0.0.1:1", "\"heartbeatInterval\": 50", false, null)));
        assertTrue(
                e.getMessage()
                        .contains("systemConfig.cluster.node.heartbeatInterval: 50 (expected: an integer from"
                                + " 100 to 3600000"),
                e.getMessage());
    }

    @Test
    void aNodeWithTheIdUnderscoreN1_doesNotStart_andSaysWhy() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> nodes.start(settings("http://127.0.0.1:1", "\"id\": \"_n1\"", false, null)));
        assertTrue(
                e.getMessage().contains("systemConfig.cluster.node.id: \"_n1\" (expected: 1 to 128 letters"),
                e.getMessage());
    }
}
