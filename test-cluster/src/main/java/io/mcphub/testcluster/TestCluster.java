package io.mcphub.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.node.NodePlugin;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.upstream.Upstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator and N nodes in this JVM, each a {@link HubRuntime} with its own settings on its own loopback port,
 * all sharing one generated cluster secret. By default every node runs the fixture MCP server over stdio as server
 * {@code fixture}, with {@code --name <node id>}, so the fixture's {@code whoami} tells where a call ran.
 *
 * <p>Nodes are addressed by a 0-based index; node {@code i} has the id {@code node-(i+1)}. {@link #start} returns
 * once every node is registered with the coordinator, healthy, and reports each of its servers connected (seen
 * through the coordinator's management API, {@code GET /api/cluster/nodes?active=true}).
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder().nodes(3).strategy("cookie").start()) {
 *     URI mcp = cluster.mcpUrl();
 *     cluster.kill(1);
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Builder config;
    private final PluginRegistry plugins;
    private final String secret;
    private final List<Node> nodes = new ArrayList<>();
    private final List<FixtureProcess> fixtures = new ArrayList<>();
    /** The coordinators' runtimes by index (null while one is stopped) and their ports, kept across restarts. */
    private final HubRuntime[] coordinators;

    private final int[] coordinatorPorts;
    /** The round-robin front of several coordinators; null with one coordinator. */
    private volatile RoundRobinFront front;

    /** One node: its id, its settings, its port (kept across restarts), and its runtime while it runs. */
    private static final class Node {
        final String id;
        final ObjectNode settings;
        final Set<String> servers;
        volatile HubRuntime runtime;
        volatile int port;

        Node(String id, ObjectNode settings) {
            this.id = id;
            this.settings = settings;
            this.servers = new TreeSet<>();
            settings.path("mcpServers").fieldNames().forEachRemaining(name -> {
                if (settings.path("mcpServers").path(name).path("enabled").asBoolean(true)) {
                    servers.add(name);
                }
            });
        }
    }

    private TestCluster(Builder b) {
        this.config = b;
        this.secret = b.secret != null ? b.secret : randomSecret();
        this.plugins = PluginRegistry.load(List.of());
        boolean ok = false;
        this.coordinators = new HubRuntime[b.coordinators];
        this.coordinatorPorts = new int[b.coordinators];
        try {
            for (int i = 0; i < b.coordinators; i++) {
                HubRuntime c = HubRuntime.start(
                        load(coordinatorSettings(), "coordinator"), plugins, HOST, i == 0 ? b.coordinatorPort : 0);
                coordinators[i] = c;
                coordinatorPorts[i] = c.port();
            }
            if (b.coordinators > 1) {
                front = new RoundRobinFront(this::runningCoordinatorUrls, b.frontPort);
            }
            for (int i = 0; i < b.nodes; i++) {
                startNewNode();
            }
            awaitNodesRegistered(b.startTimeout);
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------------------
    // settings

    private ObjectNode coordinatorSettings() {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("mcpServers");
        ObjectNode cluster = root.putObject("systemConfig").putObject("cluster");
        cluster.put("enabled", true).put("mode", "coordinator").put("secret", secret);
        ObjectNode coord = cluster.putObject("coordinator");
        coord.put("nodeTimeout", config.nodeTimeout.toMillis());
        coord.put("cleanupInterval", config.cleanupInterval.toMillis());
        ObjectNode sticky = cluster.putObject("stickySession");
        sticky.put("enabled", config.stickyEnabled).put("strategy", config.strategy);
        if (config.coordinators > 1 && (config.strategy.equals("cookie") || config.strategy.equals("header"))) {
            // every coordinator must honour the cookie or header another one signed: one key for all of them
            sticky.putObject(config.strategy).put("secret", secret);
        }
        cluster.putObject("loadBalancing").put("policy", config.policy);
        if (config.coordinatorOverrides != null) {
            merge(root, config.coordinatorOverrides);
        }
        return root;
    }

    private ObjectNode nodeSettings(int index, String id) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode servers = root.putObject("mcpServers");
        ObjectNode own = config.nodeServers == null ? null : config.nodeServers.apply(index);
        if (own != null) {
            servers.setAll(own);
        } else {
            servers.set("fixture", fixtureServer(id));
        }
        for (Map.Entry<String, ObjectNode> e : config.extraServers.entrySet()) {
            servers.set(e.getKey(), e.getValue().deepCopy());
        }
        for (String name : config.httpFixtures) {
            FixtureProcess fixture = FixtureProcess.startHttp(id);
            synchronized (fixtures) {
                fixtures.add(fixture);
            }
            servers.putObject(name)
                    .put("type", "streamable-http")
                    .put("url", fixture.url())
                    .put("perSessionClient", true);
        }
        ObjectNode cluster = root.putObject("systemConfig").putObject("cluster");
        cluster.put("enabled", true).put("mode", "node").put("secret", secret);
        cluster.putObject("node")
                .put("id", id)
                .put("name", "Worker Node " + id.substring(id.indexOf('-') + 1))
                .put("coordinatorUrl", coordinatorList())
                .put("heartbeatInterval", config.heartbeatInterval.toMillis());
        if (config.nodeOverrides != null) {
            ObjectNode o = config.nodeOverrides.apply(index);
            if (o != null) {
                merge(root, o);
            }
        }
        return root;
    }

    /** Every coordinator's URL, comma-separated: what {@code node.coordinatorUrl} of each node says. */
    private String coordinatorList() {
        List<String> urls = new ArrayList<>();
        for (int port : coordinatorPorts) {
            urls.add("http://" + HOST + ":" + port);
        }
        return String.join(",", urls);
    }

    /**
     * The fixture over stdio as an {@code mcpServers} entry: {@code {"command": java, "args": [..., "--name", name]}}.
     */
    public static ObjectNode fixtureServer(String name, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--name", name));
        args.addAll(List.of(extraArgs));
        List<String> cl = new ArrayList<>(FixtureProcess.command(args.toArray(String[]::new)));
        ObjectNode server = JSON.createObjectNode();
        server.put("command", cl.remove(0));
        ArrayNode a = server.putArray("args");
        cl.forEach(a::add);
        return server;
    }

    private static HubSettings load(ObjectNode settings, String source) {
        try {
            return new SettingsLoader(System::getenv).parse(JSON.writeValueAsString(settings), source + " settings");
        } catch (ConfigException | IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Deep merge: objects merge key by key, anything else (arrays too) replaces; null deletes. */
    static void merge(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> it = source.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    static ObjectNode parseObject(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException("expected a JSON object: " + json);
            }
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage() + ": " + json, e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---------------------------------------------------------------------------------------------------------
    // lifecycle

    private int startNewNode() {
        int index;
        Node node;
        synchronized (nodes) {
            index = nodes.size();
            String id = "node-" + (index + 1);
            node = new Node(id, nodeSettings(index, id));
            nodes.add(node);
        }
        node.runtime = HubRuntime.start(load(node.settings, node.id), plugins, HOST, 0);
        node.port = node.runtime.port();
        log.info("started {} on port {}", node.id, node.port);
        return index;
    }

    /** Adds a node (the same default settings as the others) and waits until it is registered; returns its index. */
    public int addNode() {
        int index = startNewNode();
        awaitNodesRegistered(config.startTimeout);
        return index;
    }

    /** A clean stop: the node deregisters, then closes its port. */
    public void stop(int index) {
        Node n = node(index);
        HubRuntime r = n.runtime;
        n.runtime = null;
        if (r != null) {
            r.stop();
        }
    }

    /** A crash: no deregistration, the port closed at once ({@link HubRuntime#halt()}). */
    public void kill(int index) {
        Node n = node(index);
        HubRuntime r = n.runtime;
        n.runtime = null;
        if (r != null) {
            r.halt();
        }
    }

    /** Stops the node if it runs, starts it again with the same id, settings and port, and waits until registered. */
    public void restart(int index) {
        Node n = node(index);
        if (n.runtime != null) {
            stop(index);
        }
        n.runtime = HubRuntime.start(load(n.settings, n.id), plugins, HOST, n.port);
        awaitNodesRegistered(config.startTimeout);
    }

    /** Stops the node's heartbeats (the node keeps serving): what a network partition looks like to the coordinator. */
    public void partition(int index) {
        nodePlugin(index).pauseHeartbeats();
    }

    /** Resumes the node's heartbeats. */
    public void heal(int index) {
        nodePlugin(index).resumeHeartbeats();
    }

    private NodePlugin nodePlugin(int index) {
        return NodePlugin.of(runningNode(index));
    }

    /**
     * Stops the coordinator cleanly and starts a new one on the same port with the same settings. Does not wait for
     * nodes.
     */
    public void restartCoordinator() {
        restartCoordinator(0);
    }

    /** Stops coordinator {@code index} cleanly (if it runs) and starts it again on its port; does not wait. */
    public void restartCoordinator(int index) {
        stopCoordinator(index);
        startCoordinator(index);
    }

    /**
     * A clean stop of coordinator {@code index}: readiness turns 503, its requests in flight finish, then its port
     * closes. The others keep serving; the front skips it.
     */
    public void stopCoordinator(int index) {
        HubRuntime old = takeCoordinator(index);
        if (old != null) {
            old.stop();
        }
    }

    /** A crash of coordinator {@code index}: its port closes at once, requests in flight on it are cut off. */
    public void killCoordinator(int index) {
        HubRuntime old = takeCoordinator(index);
        if (old != null) {
            old.halt();
        }
    }

    /** Starts coordinator {@code index} again on its port, with the same settings. Does not wait for nodes. */
    public void startCoordinator(int index) {
        synchronized (coordinators) {
            if (coordinators[index] == null) {
                coordinators[index] = HubRuntime.start(
                        load(coordinatorSettings(), "coordinator"), plugins, HOST, coordinatorPorts[index]);
            }
        }
    }

    /**
     * Restarts every coordinator (clean stops, all at once, then starts on their ports) with
     * {@code stickySession.strategy} set to {@code strategy}, the nodes running on, and waits until each coordinator
     * lists every running node again. The coordinators start with no session; the nodes keep theirs. Lets one set of
     * nodes serve the tests of several strategies.
     */
    public void restartCoordinators(String strategy) {
        config.strategy(Objects.requireNonNull(strategy, "strategy"));
        List<Runnable> stops = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < coordinators.length; i++) {
            HubRuntime old = takeCoordinator(i);
            if (old != null) {
                stops.add(old::stop);
                names.add("coordinator " + i);
            }
        }
        inParallel(stops, names, "stop");
        for (int i = 0; i < coordinators.length; i++) {
            startCoordinator(i);
        }
        awaitNodesRegistered(config.startTimeout);
    }

    /** {@code stickySession.strategy} of the coordinators (as started last). */
    public String strategy() {
        return config.strategy;
    }

    private HubRuntime takeCoordinator(int index) {
        synchronized (coordinators) {
            HubRuntime old = coordinators[index];
            coordinators[index] = null;
            return old;
        }
    }

    private List<URI> runningCoordinatorUrls() {
        List<URI> out = new ArrayList<>();
        synchronized (coordinators) {
            for (int i = 0; i < coordinators.length; i++) {
                if (coordinators[i] != null) {
                    out.add(coordinatorUrl(i));
                }
            }
        }
        return out;
    }

    /**
     * Waits until every running node is listed by {@code GET /api/cluster/nodes?active=true} as healthy with each of
     * its servers connected (stopped or killed nodes are not looked at: what becomes of them is for the tests).
     */
    public void awaitNodesRegistered(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> {
                        String missing = notYetRegistered();
                        if (missing != null) {
                            last.set(missing);
                        }
                        return missing == null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("cluster not ready after " + timeout + ": " + last.get(), e);
        }
    }

    /**
     * Null when every running coordinator lists every running node registered, healthy, and with its servers
     * connected; else what is missing.
     */
    private String notYetRegistered() {
        for (int i = 0; i < coordinators.length; i++) {
            HubRuntime c = coordinators[i];
            if (c != null) {
                String missing = notYetRegistered(i, c);
                if (missing != null) {
                    return coordinators.length == 1 ? missing : "coordinator " + i + ": " + missing;
                }
            }
        }
        return null;
    }

    private String notYetRegistered(int index, HubRuntime coordinator) {
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        JsonNode data;
        try {
            data = managementGet(coordinatorUrl(index), "/api/cluster/nodes?active=true");
        } catch (RuntimeException e) {
            return "GET /api/cluster/nodes?active=true: " + e.getMessage();
        }
        if (data == null || !data.isArray()) {
            return "GET /api/cluster/nodes?active=true gave no array: " + data;
        }
        data.forEach(n -> listed.put(n.path("id").asText(), n));
        List<String> problems = new ArrayList<>();
        for (Node n : snapshot()) {
            if (n.runtime == null) {
                continue;
            }
            for (String s : n.servers) {
                Upstream u = n.runtime.hub().upstream(s);
                if (u == null || !u.status().connected()) {
                    problems.add(n.id + "'s server " + s + " not connected locally");
                }
            }
            JsonNode record = listed.get(n.id);
            if (record == null) {
                problems.add(n.id + " not listed");
                continue;
            }
            if (!"healthy".equals(record.path("status").asText())) {
                problems.add(n.id + " is " + record.path("status"));
            }
            Map<String, String> reported = new LinkedHashMap<>();
            record.path("servers")
                    .forEach(s -> reported.put(
                            s.path("name").asText(), s.path("status").asText()));
            for (String s : n.servers) {
                if (!"connected".equals(reported.get(s))) {
                    problems.add(n.id + " reports " + s + " as " + reported.get(s));
                }
                // the coordinator's routing applies registry views off the registry's thread: wait for it too
                Upstream served = coordinator.hub().upstream(s);
                if (served == null || !served.status().connected()) {
                    problems.add("the coordinator does not serve " + s + " yet");
                }
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** {@code GET} on the coordinator's management API; returns {@code data} of a {@code {"success": true}} answer. */
    public JsonNode managementGet(String path) {
        return managementGet(coordinatorUrl(), path);
    }

    /** {@code GET} on one coordinator's management API ({@code base}); {@code data} of a successful answer. */
    public JsonNode managementGet(URI base, String path) {
        HttpResponse<String> r = http("GET", base.resolve(path), null, Map.of());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " with non-JSON: " + r.body());
        }
        if (r.statusCode() != 200 || !body.path("success").asBoolean(false)) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return body.get("data");
    }

    /** A plain HTTP exchange (JSON body or none), for tests of the management API and the node protocol. */
    public static HttpResponse<String> http(String method, URI uri, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        List<HubRuntime> running = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Node n : snapshot()) {
            HubRuntime r = n.runtime;
            n.runtime = null;
            if (r != null) {
                running.add(r);
                names.add(n.id);
            }
        }
        for (int i = 0; coordinators != null && i < coordinators.length; i++) {
            HubRuntime c = takeCoordinator(i);
            if (c != null) {
                running.add(c);
                names.add("coordinator " + i);
            }
        }
        // no goodbyes (the coordinators go down with the nodes), nothing in flight worth waiting for: all at once
        inParallel(halts(running), names, "halt");
        RoundRobinFront f = front;
        front = null;
        if (f != null) {
            f.close();
        }
        synchronized (fixtures) {
            fixtures.forEach(FixtureProcess::close);
            fixtures.clear();
        }
    }

    private static List<Runnable> halts(List<HubRuntime> runtimes) {
        List<Runnable> out = new ArrayList<>();
        runtimes.forEach(r -> out.add(r::halt));
        return out;
    }

    /**
     * Runs the stops (or halts) at once, each on its own thread, and waits for all: a runtime whose server still
     * holds streams (a node's GET streams of sessions still open) takes seconds to stop its threads, and one after
     * the other those seconds add up. A stop that fails is logged.
     */
    private static void inParallel(List<Runnable> stops, List<String> names, String what) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < stops.size(); i++) {
            Runnable stop = stops.get(i);
            String name = names.get(i);
            Thread t = new Thread(
                    () -> {
                        try {
                            stop.run();
                        } catch (RuntimeException e) {
                            log.warn("{} did not {} cleanly: {}", name, what, e.toString());
                        }
                    },
                    what + " " + name);
            t.start();
            threads.add(t);
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the nodes cleanly (each deregisters), then the coordinator: what Ctrl-C on the launcher does. */
    public void stopAll() {
        for (int i = 0; i < size(); i++) {
            try {
                stop(i);
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", nodeId(i), e.toString());
            }
        }
        close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // accessors

    private List<Node> snapshot() {
        synchronized (nodes) {
            return List.copyOf(nodes);
        }
    }

    private Node node(int index) {
        synchronized (nodes) {
            Objects.checkIndex(index, nodes.size());
            return nodes.get(index);
        }
    }

    private HubRuntime runningNode(int index) {
        HubRuntime r = node(index).runtime;
        if (r == null) {
            throw new IllegalStateException(nodeId(index) + " is not running");
        }
        return r;
    }

    /** How many nodes were started (running or not). */
    public int size() {
        synchronized (nodes) {
            return nodes.size();
        }
    }

    public String secret() {
        return secret;
    }

    public String nodeId(int index) {
        return node(index).id;
    }

    /** The index of the node with this id, or -1. */
    public int indexOf(String nodeId) {
        List<Node> all = snapshot();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id.equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    public boolean isRunning(int index) {
        return node(index).runtime != null;
    }

    /** The node's runtime; throws when it is stopped or killed. */
    public HubRuntime nodeRuntime(int index) {
        return runningNode(index);
    }

    /** The first coordinator. */
    public HubRuntime coordinator() {
        return coordinator(0);
    }

    /** Coordinator {@code index}; throws when it is stopped. */
    public HubRuntime coordinator(int index) {
        HubRuntime c = coordinators[index];
        if (c == null) {
            throw new IllegalStateException("coordinator " + index + " is not running");
        }
        return c;
    }

    /** How many coordinators the cluster has (running or not). */
    public int coordinatorCount() {
        return coordinators.length;
    }

    public boolean isCoordinatorRunning(int index) {
        return coordinators[index] != null;
    }

    /** The node's port (kept across restarts). */
    public int nodePort(int index) {
        return node(index).port;
    }

    /** {@code http://127.0.0.1:<port>} of the node. */
    public URI nodeUrl(int index) {
        return URI.create("http://" + HOST + ":" + node(index).port);
    }

    /** The servers the node runs, by name. */
    public Set<String> nodeServers(int index) {
        return Set.copyOf(node(index).servers);
    }

    /** The settings the node was started with (a copy). */
    public ObjectNode nodeSettings(int index) {
        return node(index).settings.deepCopy();
    }

    /** The first coordinator's port. */
    public int coordinatorPort() {
        return coordinatorPorts[0];
    }

    /**
     * Where clients go: the coordinator, or with several, the round-robin front before them
     * ({@code http://127.0.0.1:<port>}, also the management API's base).
     */
    public URI coordinatorUrl() {
        RoundRobinFront f = front;
        return f != null ? f.url() : coordinatorUrl(0);
    }

    /** {@code http://127.0.0.1:<port>} of coordinator {@code index} itself, not through the front. */
    public URI coordinatorUrl(int index) {
        return URI.create("http://" + HOST + ":" + coordinatorPorts[index]);
    }

    /** The round-robin front; null with one coordinator. */
    public RoundRobinFront front() {
        return front;
    }

    /** The coordinator's Streamable HTTP endpoint, {@code /mcp}. */
    public URI mcpUrl() {
        return coordinatorUrl().resolve("/mcp");
    }

    /** {@code /mcp/<group or server>} on the coordinator. */
    public URI mcpUrl(String groupOrServer) {
        return coordinatorUrl().resolve("/mcp/" + groupOrServer);
    }

    /** The coordinator's legacy SSE endpoint, {@code /sse}. */
    public URI sseUrl() {
        return coordinatorUrl().resolve("/sse");
    }

    /** Settings for a cluster; {@link #start()} starts it. */
    public static final class Builder {
        private int nodes = 2;
        private int coordinators = 1;
        private int frontPort = 0;
        private int coordinatorPort = 0;
        private Duration heartbeatInterval = Duration.ofMillis(500);
        private Duration nodeTimeout = Duration.ofSeconds(15);
        private Duration cleanupInterval = Duration.ofSeconds(30);
        private Duration startTimeout = Duration.ofSeconds(60);
        private String strategy = "consistent-hash";
        private boolean stickyEnabled = true;
        private String policy = "round-robin";
        private String secret;
        private ObjectNode coordinatorOverrides;
        private IntFunction<ObjectNode> nodeServers;
        private IntFunction<ObjectNode> nodeOverrides;
        private final Map<String, ObjectNode> extraServers = new LinkedHashMap<>();
        private final List<String> httpFixtures = new ArrayList<>();

        private Builder() {}

        /** How many nodes to start (default 2). */
        public Builder nodes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("nodes: " + n);
            }
            this.nodes = n;
            return this;
        }

        /**
         * How many coordinators to start (default 1). With more than one, every node reports to each, and clients
         * reach them through a round-robin front of the harness's own ({@link TestCluster#coordinatorUrl()}).
         */
        public Builder coordinators(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("coordinators: " + n);
            }
            this.coordinators = n;
            return this;
        }

        /** The round-robin front's port, with several coordinators (default 0: a free one). */
        public Builder frontPort(int port) {
            this.frontPort = port;
            return this;
        }

        /** The (first) coordinator's port (default 0: a free one). */
        public Builder coordinatorPort(int port) {
            this.coordinatorPort = port;
            return this;
        }

        /** {@code node.heartbeatInterval} of every node (default 500 ms). */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        /** {@code coordinator.nodeTimeout} (default 15 s). */
        public Builder nodeTimeout(Duration d) {
            this.nodeTimeout = d;
            return this;
        }

        /** {@code coordinator.cleanupInterval} (default 30 s). */
        public Builder cleanupInterval(Duration d) {
            this.cleanupInterval = d;
            return this;
        }

        /**
         * How long {@link #start()}, {@link TestCluster#addNode()} and restart wait for registration (default 60 s).
         */
        public Builder startTimeout(Duration d) {
            this.startTimeout = d;
            return this;
        }

        /** {@code stickySession.strategy}: consistent-hash (default), cookie, header, or a plugin's name. */
        public Builder strategy(String s) {
            this.strategy = s;
            return this;
        }

        /** {@code stickySession.enabled} (default true). */
        public Builder stickySessions(boolean enabled) {
            this.stickyEnabled = enabled;
            return this;
        }

        /** {@code loadBalancing.policy} (default round-robin). */
        public Builder loadBalancing(String policy) {
            this.policy = policy;
            return this;
        }

        /** The shared cluster secret (default: random, 48 hex digits). */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** JSON deep-merged into the coordinator's settings last, e.g. {@code {"groups": [...]}} or a cluster block. */
        public Builder coordinatorSettings(String json) {
            ObjectNode o = parseObject(json);
            if (coordinatorOverrides == null) {
                coordinatorOverrides = o;
            } else {
                merge(coordinatorOverrides, o);
            }
            return this;
        }

        /**
         * The {@code mcpServers} of node {@code i} (0-based), replacing the default fixture; null from the function
         * keeps the default for that node. Use {@link TestCluster#fixtureServer} for fixture entries.
         */
        public Builder nodeServers(IntFunction<ObjectNode> servers) {
            this.nodeServers = servers;
            return this;
        }

        /** JSON deep-merged into node {@code i}'s settings last (null: nothing). */
        public Builder nodeSettings(IntFunction<ObjectNode> overrides) {
            this.nodeOverrides = overrides;
            return this;
        }

        /** A server every node runs besides its own, as an {@code mcpServers} entry. */
        public Builder extraServer(String name, String serverJson) {
            extraServers.put(name, parseObject(serverJson));
            return this;
        }

        /**
         * Every node also runs server {@code name}: a fixture over Streamable HTTP (one process per node, started by
         * the harness, {@code --name <node id>}) with {@code perSessionClient}, so that its {@code counter} counts per
         * client session (the stdio fixture's counter counts per process).
         */
        public Builder httpFixture(String name) {
            httpFixtures.add(name);
            return this;
        }

        public TestCluster start() {
            return new TestCluster(this);
        }
    }
}
