package io.mcphub.spi.testing;

import io.mcphub.spi.RoutingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests a contract test routes: ordinary sessions, and what a hostile or confused client may send. */
public final class RoutingRequests {
    private RoutingRequests() {}

    /** {@code n} requests of distinct sessions for one server, with no headers or cookies. */
    public static List<RoutingRequest> sessions(int n, String server) {
        List<RoutingRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(RoutingRequest.forSession("session-" + i, server));
        }
        return out;
    }

    /**
     * Requests whose headers and cookies name nodes that do not exist, are empty, are very long or are not text a
     * strategy expects: a strategy must neither throw nor route outside the snapshot for any of them.
     */
    public static List<RoutingRequest> hostile(String server) {
        String longValue = "x".repeat(10_000);
        List<Map<String, String>> values = List.of(
                Map.of(),
                Map.of("X-MCPHub-Node", "no-such-node", "MCPHUB_NODE", "no-such-node"),
                Map.of("X-MCPHub-Node", "", "MCPHUB_NODE", ""),
                Map.of("X-MCPHub-Node", longValue, "MCPHUB_NODE", longValue),
                Map.of("X-MCPHub-Node", "node-0.forged-signature", "MCPHUB_NODE", "node-0.forged-signature"),
                Map.of("X-MCPHub-Node", "%00\u0000;=,\"", "MCPHUB_NODE", "%00\u0000;=,\""));
        List<RoutingRequest> out = new ArrayList<>();
        for (Map<String, String> v : values) {
            out.add(RoutingRequest.of("hostile", server, v, v));
            out.add(RoutingRequest.of(null, server, v, v));
        }
        return out;
    }
}
