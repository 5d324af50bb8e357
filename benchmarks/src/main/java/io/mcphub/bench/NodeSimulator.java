package io.mcphub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated nodes (docs/cluster-protocol.md): each registers with one server and a small catalog, then heartbeats
 * every interval (spread evenly), and registers again when the coordinator does not know it.
 */
final class NodeSimulator implements AutoCloseable {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final String coordinator;
    private final int nodes;
    private final long intervalMs;
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    NodeSimulator(String coordinator, int nodes, long intervalMs) {
        this.coordinator = coordinator;
        this.nodes = nodes;
        this.intervalMs = intervalMs;
    }

    static String id(int i) {
        return "sim-" + i;
    }

    ObjectNode registration(int i) {
        ObjectNode r = McpSession.JSON
                .createObjectNode()
                .put("id", id(i))
                .put("name", "Simulated node " + i)
                .put("url", "http://127.0.0.1:" + (20000 + i))
                .put("weight", 1)
                .put("heartbeatInterval", intervalMs);
        ObjectNode server = r.putArray("servers")
                .addObject()
                .put("name", "fixture")
                .put("status", "connected")
                .put("catalogVersion", "bench0000000001");
        ObjectNode catalog = server.putObject("catalog");
        catalog.putObject("capabilities").putObject("tools");
        catalog.putObject("serverInfo").put("name", "fixture").put("version", "1");
        ArrayNode tools = catalog.putArray("tools");
        for (String t : new String[] {"echo", "add", "whoami"}) {
            ObjectNode tool = tools.addObject().put("name", t).put("description", "tool " + t);
            tool.putObject("inputSchema").put("type", "object").putObject("properties");
        }
        catalog.putArray("prompts");
        catalog.putArray("resources");
        catalog.putArray("resourceTemplates");
        r.putObject("load").put("sessions", 0).put("inFlight", 0);
        return r;
    }

    ObjectNode heartbeat(int i) {
        ObjectNode h = McpSession.JSON.createObjectNode().put("id", id(i));
        h.putArray("servers")
                .addObject()
                .put("name", "fixture")
                .put("status", "connected")
                .put("catalogVersion", "bench0000000001");
        h.putObject("load").put("sessions", 0).put("inFlight", 0);
        return h;
    }

    int post(String path, ObjectNode body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(coordinator + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-MCPHub-Cluster-Secret", Env.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Registers every node, then heartbeats each every interval, spread evenly over the interval. */
    void start() throws Exception {
        register();
        heartbeat();
    }

    /** Registers every node, one after another: each registration is a new cluster view. */
    void register() throws Exception {
        for (int i = 0; i < nodes; i++) {
            int code = post("/api/cluster/register", registration(i));
            if (code != 200) {
                throw new IllegalStateException("register " + id(i) + ": HTTP " + code);
            }
        }
    }

    /** Heartbeats each node every interval, spread evenly over the interval. */
    void heartbeat() {
        for (int i = 0; i < nodes; i++) {
            final int n = i;
            timer.scheduleAtFixedRate(
                    () -> {
                        try {
                            int code = post("/api/cluster/heartbeat", heartbeat(n));
                            if (code == 404) {
                                code = post("/api/cluster/register", registration(n));
                            }
                            if (code == 200) {
                                heartbeats.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    },
                    intervalMs * i / nodes,
                    intervalMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
