package io.mcphub.coordinator.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.coordinator.registry.NodeRecord;
import io.mcphub.coordinator.registry.ServerReplica;
import io.mcphub.hub.SessionChannel;
import io.mcphub.jsonrpc.Json;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.plugin.JsonConfigView;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.session.ClientSession;
import io.mcphub.session.HttpView;
import io.mcphub.session.RequestContext;
import io.mcphub.spi.NodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Placement on fake node sets with the real plugins: the table first, then the strategy, then the balancer. */
class PlacementTest {
    private static final String SERVER = "fixture";

    private static NodeRecord node(String id, NodeHealth health) {
        ServerReplica r = new ServerReplica(SERVER, "connected", "v1", ServerCatalog.EMPTY);
        return new NodeRecord(
                id,
                id,
                "http://" + id,
                1,
                health,
                Instant.now(),
                Instant.now(),
                Instant.now(),
                Map.of(SERVER, r),
                0,
                0);
    }

    private static ClusterView view(NodeRecord... nodes) {
        Map<String, NodeRecord> m = new LinkedHashMap<>();
        for (NodeRecord n : nodes) {
            m.put(n.id(), n);
        }
        return new ClusterView(1, m);
    }

    private static ClusterRouting routing(String strategy) {
        var cluster = Json.object();
        cluster.putObject("stickySession").put("strategy", strategy);
        var root = Json.object();
        root.putObject("systemConfig").set("cluster", cluster);
        return PluginRegistry.load(List.of()).configure(JsonConfigView.at(root, "systemConfig.cluster"));
    }

    private static ReplicaSet set(ClusterRouting routing, NodeLoad load, ClusterView view) {
        return ReplicaSet.build(SERVER, view, load, routing.sticky().orElse(null), routing.newLoadBalancer());
    }

    /** The client's HTTP request: its cookies in, and the headers placement adds to the answer. */
    private record Origin(String sessionId, Map<String, String> cookies, Map<String, String> set) implements HttpView {
        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return cookies.get(name);
        }

        @Override
        public void addResponseHeader(String name, String value) {
            set.put(name, value);
        }
    }

    private static ClusterNode place(Placer placer, ReplicaSet set, String session, Origin origin, Set<String> tried) {
        ClientSession client = new ClientSession(
                session, ClientSession.Transport.STREAMABLE_HTTP, EndpointView.global(), 16, "2025-06-18");
        RequestContext context =
                RequestContext.of(client, IntNode.valueOf(1), SERVER, new SessionChannel(client.standalone(), origin));
        return placer.place(set, context, tried);
    }

    private static Origin origin(String session) {
        return new Origin(session, Map.of(), new HashMap<>());
    }

    @Test
    void establishedPlacements_neverMove_whenANodeJoins() {
        ClusterRouting routing = routing("consistent-hash");
        NodeLoad load = new NodeLoad();
        AffinityTable table = new AffinityTable(Duration.ofHours(1), 100_000);
        Placer placer = new Placer(table);
        ReplicaSet three = set(
                routing,
                load,
                view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.HEALTHY), node("c", NodeHealth.HEALTHY)));
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            before.put(
                    "s" + i,
                    place(placer, three, "s" + i, origin("s" + i), Set.of()).id());
        }
        ReplicaSet four = set(
                routing,
                load,
                view(
                        node("a", NodeHealth.HEALTHY),
                        node("b", NodeHealth.HEALTHY),
                        node("c", NodeHealth.HEALTHY),
                        node("d", NodeHealth.HEALTHY)));
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            if (!before.get("s" + i)
                    .equals(place(placer, four, "s" + i, origin("s" + i), Set.of())
                            .id())) {
                moved++;
            }
        }
        assertEquals(0, moved);
        int onNew = 0;
        for (int i = 1000; i < 3000; i++) {
            if ("d"
                    .equals(place(placer, four, "s" + i, origin("s" + i), Set.of())
                            .id())) {
                onNew++;
            }
        }
        assertTrue(onNew > 300 && onNew < 700, "a joining node takes about 1/4 of new sessions: " + onNew);
    }

    @Test
    void nodeLeaving_movesOnlyItsOwnSessions() {
        ClusterRouting routing = routing("consistent-hash");
        NodeLoad load = new NodeLoad();
        Placer placer = new Placer(new AffinityTable(Duration.ofHours(1), 100_000));
        ReplicaSet all = set(
                routing,
                load,
                view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.HEALTHY), node("c", NodeHealth.HEALTHY)));
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            before.put(
                    "s" + i,
                    place(placer, all, "s" + i, origin("s" + i), Set.of()).id());
        }
        ReplicaSet bDown = set(
                routing,
                load,
                view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.UNHEALTHY), node("c", NodeHealth.HEALTHY)));
        for (int i = 0; i < 1000; i++) {
            String now =
                    place(placer, bDown, "s" + i, origin("s" + i), Set.of()).id();
            if ("b".equals(before.get("s" + i))) {
                assertNotEquals("b", now);
            } else {
                assertEquals(before.get("s" + i), now, "session s" + i + " was not on the leaving node");
            }
        }
    }

    @Test
    void triedNodes_areSkipped_andNoneLeftMeansNull() {
        ClusterRouting routing = routing("consistent-hash");
        Placer placer = new Placer(new AffinityTable(Duration.ofHours(1), 100));
        ReplicaSet set =
                set(routing, new NodeLoad(), view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.HEALTHY)));
        String first = place(placer, set, "s", origin("s"), Set.of()).id();
        String second = place(placer, set, "s", origin("s"), Set.of(first)).id();
        assertNotEquals(first, second);
        assertNull(place(placer, set, "s", origin("s"), Set.of("a", "b")));
    }

    @Test
    void cookieStrategy_setsTheCookieOnPlacement_andHonoursItOnlyForAHealthyReplica() {
        ClusterRouting routing = routing("cookie");
        Placer placer = new Placer(new AffinityTable(Duration.ofHours(1), 100));
        ReplicaSet set =
                set(routing, new NodeLoad(), view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.HEALTHY)));
        Origin o = origin("s1");
        String placed = place(placer, set, "s1", o, Set.of()).id();
        String cookie = o.set().get("Set-Cookie");
        assertNotNull(cookie, o.set()::toString);
        assertTrue(cookie.startsWith("MCPHUB_NODE="), cookie);
        String value = cookie.substring("MCPHUB_NODE=".length(), cookie.indexOf(';'));
        // a new session presenting the cookie lands on the same node
        Origin again = new Origin("s2", Map.of("MCPHUB_NODE", value), new HashMap<>());
        assertEquals(placed, place(placer, set, "s2", again, Set.of()).id());
        // a forged value routes nowhere special: the balancer decides, and only healthy nodes are chosen
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Origin forged = new Origin("f" + i, Map.of("MCPHUB_NODE", "evil"), new HashMap<>());
            seen.add(place(placer, set, "f" + i, forged, Set.of()).id());
        }
        assertEquals(Set.of("a", "b"), seen);
    }

    @Test
    void stickySessionsDisabled_balanceEveryRequestOnItsOwn() {
        var cluster = Json.object();
        cluster.putObject("stickySession").put("enabled", false);
        var root = Json.object();
        root.putObject("systemConfig").set("cluster", cluster);
        ClusterRouting routing =
                PluginRegistry.load(List.of()).configure(JsonConfigView.at(root, "systemConfig.cluster"));
        Placer placer = new Placer(null);
        ReplicaSet set =
                set(routing, new NodeLoad(), view(node("a", NodeHealth.HEALTHY), node("b", NodeHealth.HEALTHY)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(place(placer, set, "one-session", origin("one-session"), Set.of())
                    .id());
        }
        assertEquals(Set.of("a", "b"), seen, "round-robin spreads one session's requests");
    }

    @Test
    void affinityTable_isBounded_andForgetsIdleEntries() {
        AffinityTable table = new AffinityTable(Duration.ofMillis(1), 100);
        for (int i = 0; i < 250; i++) {
            table.put("s" + i, SERVER, "a");
        }
        assertTrue(table.size() <= 100, "size " + table.size());
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> {
            table.sweep();
            return table.size() == 0;
        });
    }

    /** A clock the test moves by hand: the table's sliding timeout is measured on the engine's injected clock. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void affinityTimeout_slidesWithUse_onTheInjectedClock() {
        HandClock clock = new HandClock();
        AffinityTable table = new AffinityTable(Duration.ofMinutes(10), 100, clock);
        table.put("s", SERVER, "a");
        clock.advance(Duration.ofMinutes(9));
        assertEquals("a", table.get("s", SERVER), "used within the timeout, and the use refreshes it");
        clock.advance(Duration.ofMinutes(9));
        table.sweep();
        assertEquals("a", table.get("s", SERVER), "9 minutes after the last use");
        clock.advance(Duration.ofMinutes(11));
        assertNull(table.get("s", SERVER), "idle past the timeout");
        assertEquals(0, table.size());
    }
}
