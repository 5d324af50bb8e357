package io.mcphub.coordinator.registry;

import static io.mcphub.coordinator.registry.NodeRegistryTest.SECRET;
import static io.mcphub.coordinator.registry.NodeRegistryTest.TIMING;
import static io.mcphub.coordinator.registry.NodeRegistryTest.heartbeat;
import static io.mcphub.coordinator.registry.NodeRegistryTest.registration;
import static io.mcphub.coordinator.registry.NodeRegistryTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiResponse;
import io.mcphub.coordinator.registry.NodeRegistryTest.MutableClock;
import io.mcphub.spi.NodeHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two processes given the same node id (a copied settings file): the second is refused while the first lives. */
class NodeIdConflictTest {
    static final String FIRST = "http://10.0.0.5:3001";
    static final String SECOND = "http://10.0.0.6:3001";

    final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T10:00:00Z"));
    final NodeRegistry registry = new NodeRegistry(TIMING, clock);
    final RegistrationApi api = new RegistrationApi(registry, SECRET);
    final List<ClusterView> views = new CopyOnWriteArrayList<>();

    NodeIdConflictTest() {
        registry.addListener(views::add);
    }

    ApiResponse register(String id, String url, String server) {
        return api.register(request(SECRET, registration(id, server, "v1").put("url", url)));
    }

    ApiResponse beat(String id, String url) {
        ObjectNode hb = heartbeat(id, "amap", "v1");
        if (url != null) {
            hb.put("url", url);
        }
        return api.heartbeat(request(SECRET, hb));
    }

    @Test
    void aSecondNodeWithALiveId_isRefused409_toldWhichSettingToChange_andChangesNothing() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        int before = views.size();

        ApiResponse second = register("node-2", SECOND, "github");

        assertEquals(409, second.status());
        assertFalse(second.body().get("success").asBoolean());
        String message = second.body().get("message").asText();
        assertTrue(message.contains("node-2") && message.contains(FIRST), message);
        assertTrue(message.contains("systemConfig.cluster.node.id"), message);
        assertEquals(
                "systemConfig.cluster.node.id",
                second.body().at("/data/setting").asText());
        assertEquals(FIRST, second.body().at("/data/registeredUrl").asText());
        NodeRecord held = registry.view().node("node-2");
        assertEquals(FIRST, held.url());
        assertEquals(Set.of("amap"), held.servers().keySet());
        assertEquals(before, views.size(), "a refused registration makes no new view");
    }

    @Test
    void theSameNodeRestartingAtTheSameUrl_isAcceptedAsBefore() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, register("node-2", FIRST + "/", "github").status());
        assertEquals(Set.of("github"), registry.view().node("node-2").servers().keySet());
    }

    @Test
    void aSuspectHolder_stillHoldsItsId() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        registry.suspect("node-2", "connection refused");
        assertEquals(409, register("node-2", SECOND, "amap").status());
    }

    @Test
    void aNodeWhoseHolderIsUnhealthy_takesTheId() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        clock.advance(Duration.ofSeconds(15));
        registry.sweep();
        assertEquals(NodeHealth.UNHEALTHY, registry.view().node("node-2").health());

        assertEquals(200, register("node-2", SECOND, "github").status());
        NodeRecord taken = registry.view().node("node-2");
        assertEquals(SECOND, taken.url());
        assertEquals(NodeHealth.HEALTHY, taken.health());
    }

    @Test
    void aNodeWhoseHolderWasRemoved_takesTheId() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        clock.advance(Duration.ofSeconds(15));
        registry.sweep();
        clock.advance(Duration.ofSeconds(30));
        registry.sweep();
        assertEquals(null, registry.view().node("node-2"));
        assertEquals(200, register("node-2", SECOND, "amap").status());
        assertEquals(SECOND, registry.view().node("node-2").url());
    }

    @Test
    void aHeartbeatFromAnotherUrl_is409WhileTheHolderLives_then404SoThatItRegisters() {
        assertEquals(200, register("node-2", FIRST, "amap").status());
        Instant firstBeat = registry.node("node-2").lastHeartbeat();
        clock.advance(Duration.ofSeconds(1));

        assertEquals(409, beat("node-2", SECOND).status());
        assertEquals(firstBeat, registry.node("node-2").lastHeartbeat(), "the holder's record is not touched");
        assertEquals(200, beat("node-2", FIRST).status());
        assertEquals(200, beat("node-2", null).status(), "a node that sends no url is taken at its word");

        clock.advance(Duration.ofSeconds(15));
        registry.sweep();
        assertEquals(404, beat("node-2", SECOND).status(), "the holder is dead: the other node registers");
        assertEquals(200, register("node-2", SECOND, "amap").status());
    }

    @Test
    void everyHealthTransition_isTheStateMachines() {
        NodeLifecycle.Next stay = new NodeLifecycle.Next(NodeLifecycle.Kind.STAY, null);
        NodeLifecycle.Next remove = new NodeLifecycle.Next(NodeLifecycle.Kind.REMOVE, null);
        for (NodeHealth h : NodeHealth.values()) {
            assertEquals(become(NodeHealth.HEALTHY), NodeLifecycle.next(h, NodeLifecycle.Event.REGISTERED), h.name());
            assertEquals(remove, NodeLifecycle.next(h, NodeLifecycle.Event.DEREGISTERED), h.name());
            boolean healthy = h == NodeHealth.HEALTHY;
            assertEquals(
                    healthy ? stay : become(NodeHealth.HEALTHY), NodeLifecycle.next(h, NodeLifecycle.Event.HEARTBEAT));
            assertEquals(
                    healthy ? become(NodeHealth.SUSPECT) : stay, NodeLifecycle.next(h, NodeLifecycle.Event.SUSPECTED));
            assertEquals(
                    healthy ? become(NodeHealth.UNHEALTHY) : stay,
                    NodeLifecycle.next(h, NodeLifecycle.Event.HEARTBEAT_OVERDUE));
            assertEquals(healthy ? stay : remove, NodeLifecycle.next(h, NodeLifecycle.Event.CLEANUP_DUE));
        }
    }

    private static NodeLifecycle.Next become(NodeHealth h) {
        return new NodeLifecycle.Next(NodeLifecycle.Kind.BECOME, h);
    }
}
