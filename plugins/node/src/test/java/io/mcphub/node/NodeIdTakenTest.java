package io.mcphub.node;

import static io.mcphub.node.NodeTestSupport.SECRET;
import static io.mcphub.node.NodeTestSupport.settings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.node.FakeCoordinator.Call;
import io.mcphub.runtime.HubRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node whose id another live node holds: the coordinator answers 409, and the node says so and keeps trying. */
class NodeIdTakenTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NodeTestSupport nodes = new NodeTestSupport();
    private final FakeCoordinator coordinator = FakeCoordinator.start(SECRET, 0);

    @AfterEach
    void close() {
        nodes.close();
        coordinator.close();
    }

    @Test
    void aRefusedId_isReportedWithTheSettingToChange_retriedWithBackoff_andTheHubKeepsServing() throws Exception {
        coordinator.behave(FakeCoordinator.Behaviour.ID_TAKEN);
        HubRuntime runtime =
                nodes.start(settings(coordinator.url(), "\"id\": \"node-2\", \"heartbeatInterval\": 100", false, null));
        NodePlugin plugin = NodePlugin.of(runtime);

        await().atMost(WAIT).until(() -> coordinator.registrations().size() >= 3);
        List<Call> attempts = coordinator.registrations();
        assertTrue(attempts.stream().allMatch(c -> c.status() == 409), attempts.toString());
        long first =
                Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis();
        long second =
                Duration.between(attempts.get(1).at(), attempts.get(2).at()).toMillis();
        assertTrue(first >= 700, "retried after backoff, not at once: " + first + " ms");
        assertTrue(second >= 1500, "the backoff grows: " + second + " ms");
        assertFalse(plugin.registered());
        String trouble = plugin.coordinatorTrouble().orElseThrow();
        assertTrue(trouble.contains("409") && trouble.contains("systemConfig.cluster.node.id"), trouble);
        assertTrue(coordinator.heartbeats().isEmpty(), "an unregistered node sends no heartbeats");

        HttpRequest healthRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/health"))
                .build();
        HttpResponse<String> health =
                HttpClient.newHttpClient().send(healthRequest, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "the node keeps serving its own clients");

        coordinator.behave(FakeCoordinator.Behaviour.NORMAL);
        await().atMost(WAIT).until(plugin::registered);
        assertTrue(plugin.coordinatorTrouble().isEmpty());
    }

    @Test
    void aHeartbeatAnswered409_makesTheNodeRegisterAgain_andBeRefused() {
        HubRuntime runtime =
                nodes.start(settings(coordinator.url(), "\"id\": \"node-2\", \"heartbeatInterval\": 100", false, null));
        NodePlugin plugin = NodePlugin.of(runtime);
        await().atMost(WAIT).until(() -> coordinator.heartbeats().size() >= 2);
        int registrations = coordinator.registrations().size();

        coordinator.behave(FakeCoordinator.Behaviour.ID_TAKEN);

        await().atMost(WAIT).until(() -> coordinator.registrations().size() > registrations);
        await().atMost(WAIT).until(() -> !plugin.registered());
        assertTrue(plugin.coordinatorTrouble().orElseThrow().contains("systemConfig.cluster.node.id"));
        assertEquals(409, coordinator.registrations().get(registrations).status());
    }
}
