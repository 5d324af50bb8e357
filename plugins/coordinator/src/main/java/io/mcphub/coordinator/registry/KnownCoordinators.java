package io.mcphub.coordinator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The coordinators of the cluster, as the nodes report them: each node sends the coordinator URLs it registers with
 * (its {@code coordinators} field), so any coordinator knows the others without talking to them. Nodes that are no
 * longer registered are left out when asked.
 *
 * <p><b>Threading:</b> safe for any thread.
 */
public final class KnownCoordinators {
    /** A coordinator and the nodes that report to it. */
    public record Coordinator(String url, List<String> nodes) {}

    private static final int MAX_PER_NODE = 64;

    private final Map<String, List<String>> byNode = new ConcurrentHashMap<>();
    private volatile long longestHeartbeatMillis;

    /** A node's registration said it heartbeats every {@code millis}. */
    public void heartbeatInterval(long millis) {
        if (millis > longestHeartbeatMillis) {
            longestHeartbeatMillis = millis;
        }
    }

    /** The longest heartbeat interval a node registered with (0 before any). */
    public long longestHeartbeatMillis() {
        return longestHeartbeatMillis;
    }

    /** A node's report: the {@code coordinators} array of its registration or heartbeat (ignored when absent). */
    public void reported(String nodeId, JsonNode coordinators) {
        if (coordinators == null || !coordinators.isArray()) {
            return;
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode u : coordinators) {
            if (u.isTextual() && urls.size() < MAX_PER_NODE) {
                urls.add(u.asText());
            }
        }
        byNode.put(nodeId, List.copyOf(urls));
    }

    public void forget(String nodeId) {
        byNode.remove(nodeId);
    }

    /** Every coordinator some registered node reports to, by URL, with those nodes. */
    public List<Coordinator> all(Predicate<String> registered) {
        Map<String, List<String>> nodes = new TreeMap<>();
        byNode.forEach((node, urls) -> {
            if (registered.test(node)) {
                urls.forEach(
                        u -> nodes.computeIfAbsent(u, k -> new ArrayList<>()).add(node));
            }
        });
        List<Coordinator> out = new ArrayList<>(nodes.size());
        nodes.forEach(
                (url, ns) -> out.add(new Coordinator(url, ns.stream().sorted().toList())));
        return out;
    }

    /** How many distinct coordinators the registered nodes report to (at least 1: this one). */
    public int count(Predicate<String> registered) {
        return Math.max(1, all(registered).size());
    }
}
