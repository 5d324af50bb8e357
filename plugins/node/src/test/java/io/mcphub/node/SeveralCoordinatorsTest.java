package io.mcphub.node;

import static io.mcphub.node.NodeTestSupport.SECRET;
import static io.mcphub.node.NodeTestSupport.settings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.runtime.HubRuntime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that reports to several coordinators: one registration and heartbeat loop per coordinator. */
class SeveralCoordinatorsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NodeTestSupport nodes = new NodeTestSupport();
    private final List<FakeCoordinator> coordinators = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.close();
        coordinators.forEach(FakeCoordinator::close);
    }

    private FakeCoordinator coordinator() {
        FakeCoordinator c = FakeCoordinator.start(SECRET, 0);
        coordinators.add(c);
        return c;
    }

    @Test
    void commaSeparatedCoordinators_eachGetsItsOwnRegistrationAndHeartbeats() {
        FakeCoordinator a = coordinator();
        FakeCoordinator b = coordinator();
        HubRuntime node = nodes.start(settings(a.url() + ", " + b.url(), "\"heartbeatInterval\": 200", false, null));
        await().atMost(WAIT)
                .until(() -> a.heartbeats().size() >= 2 && b.heartbeats().size() >= 2);
        assertEquals(1, a.acceptedRegistrations().size());
        assertEquals(1, b.acceptedRegistrations().size());
        NodePlugin plugin = NodePlugin.of(node);
        assertTrue(plugin.registered());
        assertEquals(List.of(a.url(), b.url()), plugin.coordinators());
        // each coordinator hears of every coordinator the node reports to
        List<String> reported = StreamSupport.stream(
                        a.heartbeats().get(0).body().path("coordinators").spliterator(), false)
                .map(n -> n.asText())
                .toList();
        assertEquals(List.of(a.url(), b.url()), reported);
    }

    @Test
    void arrayOfCoordinators_oneDown_doesNotDelayTheOther() {
        FakeCoordinator up = coordinator();
        FakeCoordinator down = coordinator();
        down.behave(FakeCoordinator.Behaviour.UNAVAILABLE);
        String settings = settings("x", "\"heartbeatInterval\": 200", false, null)
                .replace(
                        "\"coordinatorUrl\": \"x\"",
                        "\"coordinatorUrl\": [\"" + up.url() + "\", \"" + down.url() + "\"]");
        HubRuntime node = nodes.start(settings);
        await().atMost(WAIT).until(() -> up.heartbeats().size() >= 3);
        NodePlugin plugin = NodePlugin.of(node);
        assertFalse(plugin.registered(), "not registered with the coordinator that refuses");
        assertTrue(plugin.coordinatorTrouble().orElseThrow().contains("503"));
        down.behave(FakeCoordinator.Behaviour.NORMAL);
        await().atMost(WAIT).until(plugin::registered);
    }

    @Test
    void stop_deregistersFromEveryCoordinator() {
        FakeCoordinator a = coordinator();
        FakeCoordinator b = coordinator();
        HubRuntime node = nodes.start(
                settings(a.url() + "," + b.url(), "\"heartbeatInterval\": 200, \"drainTimeout\": 0", false, null));
        await().atMost(WAIT).until(() -> NodePlugin.of(node).registered());
        nodes.stop(node);
        assertEquals(1, a.deregistrations().size());
        assertEquals(1, b.deregistrations().size());
    }

    @Test
    void nameWithSeveralAddresses_isOneCoordinatorPerAddress() throws Exception {
        FakeCoordinator a = coordinator();
        FakeCoordinator b = coordinator();
        // two loopback addresses stand for a headless Service's pods
        Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
        InetAddress one = InetAddress.getByName("127.0.0.1");
        InetAddress two = InetAddress.getByName("127.0.0.2");
        dns.put("coordinators", List.of(one));
        CoordinatorUrls.Resolver resolver = host -> {
            List<InetAddress> found = dns.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        };
        assertEquals(
                List.of("http://coordinators:" + a.port()),
                CoordinatorUrls.resolve("http://coordinators:" + a.port(), resolver));
        dns.put("coordinators", List.of(one, two));
        assertEquals(
                List.of("http://127.0.0.1:" + a.port(), "http://127.0.0.2:" + a.port()),
                CoordinatorUrls.resolve("http://coordinators:" + a.port(), resolver));
        assertEquals(
                List.of("http://127.0.0.1:" + b.port()),
                CoordinatorUrls.resolve("http://127.0.0.1:" + b.port(), resolver));
        // a name not (yet) in DNS stays as written: the node keeps trying it
        assertEquals(List.of("http://later:1"), CoordinatorUrls.resolve("http://later:1", resolver));
    }
}
