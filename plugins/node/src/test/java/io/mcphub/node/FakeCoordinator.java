package io.mcphub.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A coordinator small enough to trust, for testing the node against {@code docs/cluster-protocol.md}: it records every
 * request, keeps the catalog versions each node registered, answers heartbeats with {@code needCatalog} for versions
 * it does not hold, {@code 404} for unknown nodes, {@code 401} for a wrong secret; and it can be told to misbehave.
 */
final class FakeCoordinator implements AutoCloseable {
    /** NORMAL; UNAVAILABLE answers 503; ID_TAKEN answers 409 as a coordinator does when a live node holds the id. */
    enum Behaviour {
        NORMAL,
        UNAVAILABLE,
        ID_TAKEN
    }

    /** One request as it arrived, and the status it was answered with. */
    record Call(String path, String secretHeader, JsonNode body, Instant at, int status) {
        String id() {
            return body.path("id").asText(null);
        }
    }

    private final String secret;
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** node id -> server name -> catalog version, as registered */
    private final Map<String, Map<String, String>> nodes = new ConcurrentHashMap<>();

    private final Set<String> askCatalogOnce = ConcurrentHashMap.newKeySet();
    private volatile Behaviour behaviour = Behaviour.NORMAL;

    private FakeCoordinator(String secret, HttpServer server) {
        this.secret = secret;
        this.server = server;
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free port). */
    static FakeCoordinator start(String secret, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            FakeCoordinator c = new FakeCoordinator(secret, s);
            s.createContext("/", c::handle);
            s.start();
            return c;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void behave(Behaviour b) {
        behaviour = b;
    }

    /** Forgets a node, as a restarted coordinator would. */
    void forget(String nodeId) {
        nodes.remove(nodeId);
    }

    /** The next heartbeat carrying this server gets it in {@code needCatalog}, whatever its version. */
    void askCatalog(String server) {
        askCatalogOnce.add(server);
    }

    boolean knows(String nodeId) {
        return nodes.containsKey(nodeId);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    List<Call> registrations() {
        return calls(CoordinatorClient.REGISTER);
    }

    List<Call> acceptedRegistrations() {
        return registrations().stream().filter(c -> c.status() == 200).toList();
    }

    List<Call> heartbeats() {
        return calls(CoordinatorClient.HEARTBEAT);
    }

    List<Call> deregistrations() {
        return calls(CoordinatorClient.DEREGISTER);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = in.length == 0 ? Json.object() : Json.parse(in);
            } catch (IOException e) {
                body = Json.object();
            }
            String path = ex.getRequestURI().getPath();
            String given = ex.getRequestHeaders().getFirst(Secrets.CLUSTER_HEADER);
            Answer a = answer(path, given, body);
            calls.add(new Call(path, given, body, Instant.now(), a.status));
            byte[] out = Json.bytes(a.body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status, out.length);
            ex.getResponseBody().write(out);
        }
    }

    private record Answer(int status, ObjectNode body) {}

    private Answer answer(String path, String given, JsonNode body) {
        if (!Secrets.matches(given, secret)) {
            return failure(401, "invalid cluster secret");
        }
        if (behaviour == Behaviour.UNAVAILABLE) {
            return failure(503, "coordinator starting");
        }
        String id = body.path("id").asText("");
        if (behaviour == Behaviour.ID_TAKEN && !path.equals(CoordinatorClient.DEREGISTER)) {
            Answer taken = failure(
                    409,
                    "Node id " + id + " is already registered by the live node at"
                            + " http://10.9.9.9:3001: give each node a distinct systemConfig.cluster.node.id");
            taken.body
                    .putObject("data")
                    .put("nodeId", id)
                    .put("registeredUrl", "http://10.9.9.9:3001")
                    .put("setting", "systemConfig.cluster.node.id");
            return taken;
        }
        switch (path) {
            case CoordinatorClient.REGISTER -> {
                Map<String, String> versions = new ConcurrentHashMap<>();
                body.path("servers")
                        .forEach(s -> versions.put(
                                s.path("name").asText(),
                                s.path("catalogVersion").asText()));
                nodes.put(id, versions);
                ObjectNode ok = success();
                ok.putObject("data")
                        .put("nodeId", id)
                        .put("heartbeatInterval", body.path("heartbeatInterval").asLong());
                return new Answer(200, ok);
            }
            case CoordinatorClient.HEARTBEAT -> {
                Map<String, String> versions = nodes.get(id);
                if (versions == null) {
                    ObjectNode f = failure(404, "unknown node " + id).body;
                    f.putObject("data").put("known", false);
                    return new Answer(404, f);
                }
                ObjectNode ok = success();
                ObjectNode data = ok.putObject("data").put("known", true);
                var need = data.putArray("needCatalog");
                body.path("servers").forEach(s -> {
                    String name = s.path("name").asText();
                    if (askCatalogOnce.remove(name)
                            || !s.path("catalogVersion").asText().equals(versions.get(name))) {
                        need.add(name);
                    }
                });
                return new Answer(200, ok);
            }
            case CoordinatorClient.DEREGISTER -> {
                nodes.remove(id);
                return new Answer(200, success());
            }
            case CoordinatorClient.DRAIN -> {
                if (!nodes.containsKey(id)) {
                    return failure(404, "Unknown node " + id);
                }
                // no client sessions are placed through this coordinator: the node is empty at once
                ObjectNode ok = success();
                ok.putObject("data")
                        .put("id", id)
                        .put("state", "drained")
                        .put("draining", true)
                        .put("sessions", 0);
                return new Answer(200, ok);
            }
            default -> {
                return failure(404, "no route " + path);
            }
        }
    }

    private static ObjectNode success() {
        ObjectNode o = Json.object();
        o.put("success", true);
        return o;
    }

    private static Answer failure(int status, String message) {
        ObjectNode o = Json.object();
        o.put("success", false);
        o.put("message", message);
        return new Answer(status, o);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
