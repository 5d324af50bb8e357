package io.mcphub.node;

import static io.mcphub.node.NodeTestSupport.SECRET;
import static io.mcphub.node.NodeTestSupport.settings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcphub.node.FakeCoordinator.Call;
import io.mcphub.runtime.HubRuntime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node with no {@code node.url} on any port: the README's quick start on ports other than 3001 and 3002. It
 * registers the URL the coordinator can really reach it at, with the port it really listens on.
 */
class NodeAdvertisedUrlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NodeTestSupport nodes = new NodeTestSupport();
    private final FakeCoordinator coordinator = FakeCoordinator.start(SECRET, 0);

    @AfterEach
    void close() {
        nodes.close();
        coordinator.close();
    }

    @Test
    void nodeOnEveryInterface_registersItsAddressTowardsTheCoordinator_andItsRealPort() {
        HubRuntime runtime =
                nodes.start(settings(coordinator.url(), "\"heartbeatInterval\": 100", false, null), "0.0.0.0", 0);
        Call reg = await().atMost(WAIT)
                .until(
                        () -> coordinator.acceptedRegistrations().stream()
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        assertEquals(
                "http://127.0.0.1:" + runtime.port(),
                reg.body().path("url").asText(),
                reg.body().toString());
        assertEquals(NodeIdentity.derivedId("http://127.0.0.1:" + runtime.port()), reg.id());
    }

    @Test
    void nodeUrlInTheSettings_isWhatItRegisters() {
        nodes.start(
                settings(
                        coordinator.url(),
                        "\"heartbeatInterval\": 100, \"url\": \"http://node-a.example:4101\"",
                        false,
                        null),
                "0.0.0.0",
                0);
        Call reg = await().atMost(WAIT)
                .until(
                        () -> coordinator.acceptedRegistrations().stream()
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        assertEquals(
                "http://node-a.example:4101",
                reg.body().path("url").asText(),
                reg.body().toString());
    }
}
