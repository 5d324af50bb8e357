package io.mcphub.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSetTest {

    record Node(String id, NodeHealth health) implements NodeView {
        public String name() {
            return id;
        }

        public String url() {
            return "http://" + id;
        }

        public int weight() {
            return 1;
        }

        public int activeSessions() {
            return 0;
        }

        public int inFlightRequests() {
            return 0;
        }
    }

    @Test
    void healthyList_excludesSuspectAndUnhealthyNodes() {
        NodeSet set = NodeSet.of(List.of(
                new Node("a", NodeHealth.HEALTHY),
                new Node("b", NodeHealth.SUSPECT),
                new Node("c", NodeHealth.UNHEALTHY),
                new Node("d", NodeHealth.HEALTHY)));
        assertEquals(List.of("a", "d"), set.healthy().stream().map(NodeView::id).toList());
        assertTrue(set.byId("b").isPresent());
        assertTrue(set.healthyById("b").isEmpty());
        assertTrue(set.healthyById("nope").isEmpty());
        assertTrue(set.healthyById(null).isEmpty());
    }

    @Test
    void optionalOfANode_isPreallocated() {
        NodeSet set = NodeSet.of(List.of(new Node("a", NodeHealth.HEALTHY)));
        assertSame(set.optional(0), set.healthyById("a"));
    }

    @Test
    void duplicateIds_areRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeSet.of(List.of(new Node("a", NodeHealth.HEALTHY), new Node("a", NodeHealth.HEALTHY))));
    }
}
