package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.testkit.interop.FreePort;
import io.mcphub.testkit.node.NodeTools;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 end to end, with real processes: nginx (Debian's package, from {@code .tools/nginx}) round-robin in front of
 * three coordinators ({@code java -jar mcphub.jar}), three nodes ({@code mcphub.jar}) each running a stateful fixture
 * over Streamable HTTP ({@code perSessionClient}), and 2025 clients under load: raw Streamable HTTP clients, the MCP
 * Java SDK client and the TypeScript SDK v1 client, each session calling a counter that counts per node-side session.
 *
 * <ol>
 *   <li>{@code kill -9} of one coordinator: every session goes on, with its counter (so on the same node-side
 *       session), every request that started after the kill succeeds, and the only failures are requests that were
 *       in flight when it died (counted, and asserted to have started before the kill);</li>
 *   <li>the killed coordinator restarts and takes traffic again, with no action;</li>
 *   <li>a rolling clean restart of all three (each taken out of nginx when its readiness turns 503, as a load
 *       balancer polling readiness does, then SIGTERM, restarted, put back): no failed request.</li>
 * </ol>
 *
 * <p>Not part of {@code mvn verify} (the class name matches none of surefire's patterns): it needs nginx and the
 * packaged jar. Run it with {@code bash tools/coordinators-e2e.sh}, which installs nginx, builds the jar and prints the
 * figures (requests, failures, in flight lost).
 */
class CoordinatorsE2E {
    private static final String SECRET = "e2e-cluster-secret-0123456789abcdef";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final int RAW_SESSIONS = 12;
    private static final int SDK_SESSIONS = 2;
    private static final int TS_SESSIONS = 4;

    private final List<Proc> procs = new ArrayList<>();
    private final List<FixtureProcess> fixtures = new ArrayList<>();
    private final Path jar = Path.of(System.getProperty("mcphub.jar", "../app/target/mcphub.jar"))
            .toAbsolutePath();
    private final Path nginxHome =
            Path.of(System.getProperty("nginx.home", "../.tools/nginx")).toAbsolutePath();
    private Path dir;
    private final int[] coordinatorPorts = new int[3];
    private final Proc[] coordinators = new Proc[3];
    private final boolean[] inNginx = {true, true, true};
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private int nginxPort;
    private Path nginxConf;

    /** One request as a client saw it: when it started and ended (epoch ms), and how it failed (null: it did not). */
    record Call(String client, long start, long end, String failure) {}

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void killOneCoordinatorUnderLoad_onlyItsInFlightRequestsFail_andARollingCleanRestartFailsNone() throws Exception {
        dir = Files.createTempDirectory("coordinators-e2e");
        try {
            startCluster();
            runLoadAndCheck();
        } finally {
            stop.set(true);
            watcher.shutdownNow();
            for (int i = procs.size() - 1; i >= 0; i--) {
                procs.get(i).kill();
            }
            fixtures.forEach(FixtureProcess::close);
        }
    }

    private void startCluster() throws Exception {
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": bash tools/coordinators-e2e.sh builds it");
        assertTrue(
                Files.isExecutable(nginxHome.resolve("usr/sbin/nginx")), "no nginx: bash tools/install-bench-deps.sh");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            coordinatorPorts[i] = FreePort.find();
            urls.add("http://127.0.0.1:" + coordinatorPorts[i]);
        }
        for (int i = 0; i < 3; i++) {
            startCoordinator(i);
        }
        for (int i = 0; i < 3; i++) {
            String id = "node-" + (i + 1);
            FixtureProcess fixture = FixtureProcess.startHttp(id);
            fixtures.add(fixture);
            int port = FreePort.find();
            ObjectNode settings = Json.object();
            settings.putObject("mcpServers")
                    .putObject("stateful")
                    .put("type", "streamable-http")
                    .put("url", fixture.url())
                    .put("perSessionClient", true);
            ObjectNode cluster = settings.putObject("systemConfig").putObject("cluster");
            cluster.put("enabled", true).put("mode", "node");
            cluster.putObject("node")
                    .put("id", id)
                    .put("url", "http://127.0.0.1:" + port)
                    .put("coordinatorUrl", String.join(",", urls))
                    .put("heartbeatInterval", 1000);
            procs.add(hub(id, settings, port));
        }
        startNginx();
        for (int i = 0; i < 3; i++) {
            awaitServing(i);
        }
    }

    private void startCoordinator(int i) throws IOException {
        ObjectNode settings = Json.object();
        settings.putObject("mcpServers");
        ObjectNode cluster = settings.putObject("systemConfig").putObject("cluster");
        cluster.put("enabled", true).put("mode", "coordinator");
        cluster.putObject("coordinator").put("nodeTimeout", 5000).put("stopTimeout", 10_000);
        cluster.putObject("stickySession").put("enabled", true).put("strategy", "consistent-hash");
        coordinators[i] = hub("coordinator-" + i, settings, coordinatorPorts[i]);
        procs.add(coordinators[i]);
    }

    private Proc hub(String name, ObjectNode settings, int port) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, Json.write(settings));
        String java = ProcessHandle.current().info().command().orElse("java");
        return Proc.start(
                name,
                dir,
                List.of(
                        java,
                        "-Xmx256m",
                        "-Dorg.slf4j.simpleLogger.log.io.mcphub.coordinator.routing.SessionFinder=debug",
                        "-jar",
                        jar.toString(),
                        "--config",
                        file.toString(),
                        "--port",
                        "" + port),
                Map.of("MCPHUB_CLUSTER_SECRET", SECRET));
    }

    /** Ready, and listing the three nodes healthy with their server connected. */
    private void awaitServing(int i) {
        URI base = URI.create("http://127.0.0.1:" + coordinatorPorts[i]);
        await().atMost(READY).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                JsonNode nodes = Json.parse(
                        TestCluster.http("GET", base.resolve("/api/cluster/nodes?active=true"), null, Map.of())
                                .body());
                int connected = 0;
                for (JsonNode n : nodes.path("data")) {
                    for (JsonNode s : n.path("servers")) {
                        if ("connected".equals(s.path("status").asText())) {
                            connected++;
                        }
                    }
                }
                return connected == 3
                        && TestCluster.http("GET", base.resolve("/health/ready"), null, Map.of())
                                        .statusCode()
                                == 200;
            } catch (RuntimeException | IOException e) {
                return false;
            }
        });
    }

    private void startNginx() throws Exception {
        nginxPort = FreePort.find();
        Path prefix = dir.resolve("nginx");
        for (String d : List.of("logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(prefix.resolve(d));
        }
        nginxConf = prefix.resolve("nginx.conf");
        writeNginxConf();
        procs.add(Proc.start(
                "nginx",
                dir,
                List.of(
                        nginxHome.resolve("usr/sbin/nginx").toString(),
                        "-p",
                        prefix.toString(),
                        "-c",
                        nginxConf.toString(),
                        "-e",
                        prefix.resolve("logs/error.log").toString()),
                Map.of("LD_LIBRARY_PATH", nginxLibs())));
        Proc nginx = procs.get(procs.size() - 1);
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    HttpResponse<String> r = TestCluster.http("GET", front().resolve("/health"), null, Map.of());
                    last.set(r.statusCode() + " " + r.body());
                    return r.statusCode() == 200;
                } catch (RuntimeException e) {
                    last.set(e.toString());
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "nginx does not answer (alive: " + nginx.process.isAlive() + "): " + last.get()
                            + "; its output: " + Files.readString(dir.resolve("nginx.log")) + "; its error log: "
                            + Files.readString(prefix.resolve("logs/error.log")),
                    e);
        }
    }

    private String nginxLibs() {
        return nginxHome.resolve("lib") + ":" + nginxHome.resolve("usr/lib/x86_64-linux-gnu") + ":"
                + nginxHome.resolve("lib/x86_64-linux-gnu");
    }

    /** Round-robin, no stickiness; a coordinator that refuses the connection is skipped for that request. */
    private void writeNginxConf() throws IOException {
        Path prefix = nginxConf.getParent();
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            servers.append("        server 127.0.0.1:")
                    .append(coordinatorPorts[i])
                    .append(inNginx[i] ? " max_fails=1 fail_timeout=1s" : " down")
                    .append(";\n");
        }
        Files.writeString(nginxConf, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    # no keep-alive towards clients: a reload (the balancer following readiness) would close idle
                    # keep-alive connections under the clients' next request
                    keepalive_timeout 0;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream coordinators {
                %2$s    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://coordinators;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_buffering off;
                            proxy_cache off;
                            proxy_read_timeout 1h;
                            proxy_next_upstream error timeout;
                        }
                    }
                }
                """.formatted(prefix, servers, nginxPort));
    }

    private void reloadNginx() throws Exception {
        writeNginxConf();
        ProcessBuilder p = new ProcessBuilder(
                        nginxHome.resolve("usr/sbin/nginx").toString(),
                        "-p",
                        nginxConf.getParent().toString(),
                        "-c",
                        nginxConf.toString(),
                        "-e",
                        nginxConf.getParent().resolve("logs/error.log").toString(),
                        "-s",
                        "reload")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx-reload.log").toFile());
        p.environment().put("LD_LIBRARY_PATH", nginxLibs());
        Process started = p.start();
        assertTrue(started.waitFor(10, TimeUnit.SECONDS) && started.exitValue() == 0, "nginx -s reload");
    }

    private URI front() {
        return URI.create("http://127.0.0.1:" + nginxPort);
    }

    // ---- load ----

    /**
     * A load balancer that polls readiness, as Kubernetes or HAProxy do (nginx's open-source build only notices a
     * refused connection): every 100 ms the coordinators whose {@code /health/ready} is 200 become nginx's upstream.
     */
    private ScheduledFuture<?> watchReadiness() {
        return watcher.scheduleWithFixedDelay(
                () -> {
                    boolean[] now = new boolean[3];
                    for (int i = 0; i < 3; i++) {
                        now[i] = ready(i);
                    }
                    synchronized (inNginx) {
                        if (!Arrays.equals(now, inNginx)) {
                            System.arraycopy(now, 0, inNginx, 0, 3);
                            try {
                                reloadNginx();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
    }

    private boolean ready(int i) {
        try {
            return TestCluster.http(
                                    "GET",
                                    URI.create("http://127.0.0.1:" + coordinatorPorts[i] + "/health/ready"),
                                    null,
                                    Map.of())
                            .statusCode()
                    == 200;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private boolean balanced(int i) {
        synchronized (inNginx) {
            return inNginx[i];
        }
    }

    private void runLoadAndCheck() throws Exception {
        ScheduledFuture<?> balancing = watchReadiness();
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (int i = 0; i < RAW_SESSIONS; i++) {
            String name = "raw-" + i;
            load.add(CompletableFuture.runAsync(() -> rawClient(name)));
        }
        for (int i = 0; i < SDK_SESSIONS; i++) {
            String name = "java-sdk-" + i;
            load.add(CompletableFuture.runAsync(() -> sdkClient(name)));
        }
        Path stopFile = dir.resolve("stop-ts");
        Path tsOut = dir.resolve("ts-load.json");
        NodeTools node = NodeTools.get();
        Process ts = node.nodeScript(
                        node.scriptFromResource("/e2e/ts-load.mjs"),
                        front().resolve("/mcp").toString(),
                        "" + TS_SESSIONS,
                        stopFile.toString())
                .redirectOutput(tsOut.toFile())
                .redirectError(dir.resolve("ts-load.err").toFile())
                .start();

        // 1. under load, kill -9 one coordinator
        awaitCalls(200);
        long killedAt = System.currentTimeMillis();
        coordinators[1].kill();
        // until the killed process is gone its socket still takes connections: requests sent meanwhile reach it
        long goneAt = System.currentTimeMillis();
        long afterKill = calls.size();
        awaitCallsSince(killedAt, 300);
        // 2. it restarts and takes traffic again, with no action
        startCoordinator(1);
        awaitServing(1);
        await().atMost(READY).until(() -> balanced(1));
        long restartedAt = System.currentTimeMillis();
        awaitCallsSince(restartedAt, 300);
        int continuedOnRestarted = sessionsOn(1);
        // 3. a rolling clean restart of all three
        long rollingFrom = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            cleanRestart(i);
            awaitCallsSince(System.currentTimeMillis(), 100);
        }
        long rollingTo = System.currentTimeMillis();
        balancing.cancel(false);
        watcher.shutdownNow();
        stop.set(true);
        Files.writeString(stopFile, "stop");
        CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertTrue(ts.waitFor(60, TimeUnit.SECONDS), "the TypeScript clients stop");
        JsonNode tsResult = Json.parse(Files.readString(tsOut));
        for (JsonNode f : tsResult.path("failures")) {
            calls.add(new Call(
                    "ts",
                    f.path("start").asLong(),
                    f.path("end").asLong(),
                    f.path("message").asText()));
        }
        long tsOk = tsResult.path("ok").asLong();

        List<Call> failed = calls.stream().filter(c -> c.failure() != null).toList();
        List<Call> afterKillFailures =
                failed.stream().filter(c -> c.start() >= goneAt).toList();
        List<Call> rollingFailures = failed.stream()
                .filter(c -> c.end() >= rollingFrom && c.start() <= rollingTo)
                .toList();
        long javaCalls = calls.stream().filter(c -> !c.client().equals("ts")).count();
        long total = javaCalls + tsOk + tsResult.path("failures").size();
        String figures = String.format(
                "requests %d (Java raw and SDK %d, TypeScript SDK %d); failed %d, all in flight on the killed"
                        + " coordinator (started before it was gone, %d ms after the SIGKILL);"
                        + " failed after it was gone %d; failed during the rolling restart %d; sessions lost %d;"
                        + " counters that went backwards %d; sessions continued"
                        + " on the restarted coordinator %d; calls seen when the kill happened %d",
                total,
                javaCalls,
                tsOk + tsResult.path("failures").size(),
                failed.size(),
                goneAt - killedAt,
                afterKillFailures.size(),
                rollingFailures.size(),
                tsResult.path("lost").asLong()
                        + broken.stream().filter(b -> b.contains("404")).count(),
                tsResult.path("backwards").size()
                        + broken.stream().filter(b -> b.contains("backwards")).count(),
                continuedOnRestarted,
                afterKill);
        Map<String, Long> why = new TreeMap<>();
        failed.forEach(c -> why.merge(
                c.client().replaceAll("-\\d+$", "") + ": "
                        + c.failure().substring(0, Math.min(90, c.failure().length())),
                1L,
                Long::sum));
        System.out.println("coordinators-e2e: " + figures);
        System.out.println("coordinators-e2e: failures by kind " + why + "; broken " + broken);
        Files.writeString(
                dir.resolve("failures.txt"),
                String.join("\n", failed.stream().map(Call::toString).toList()));
        Files.writeString(Path.of("target", "coordinators-e2e.txt"), figures + "\n");
        assertEquals(List.of(), afterKillFailures, "every request that started after the kill succeeds");
        assertEquals(List.of(), rollingFailures, "a rolling clean restart fails no request");
        assertTrue(
                failed.size() <= RAW_SESSIONS + SDK_SESSIONS + TS_SESSIONS,
                "only the requests in flight on the killed coordinator fail: " + failed);
        assertEquals(List.of(), List.copyOf(broken), "every session continues with its node-side state");
        assertEquals(0, tsResult.path("lost").asInt(), tsResult::toString);
        assertEquals(0, tsResult.path("backwards").size(), tsResult::toString);
        assertTrue(continuedOnRestarted > 0, "the restarted coordinator takes traffic again");
    }

    /**
     * SIGTERM: readiness turns 503 and the balancer takes the coordinator out while it finishes what is in flight; it
     * exits, starts again, and is put back once ready.
     */
    private void cleanRestart(int i) throws Exception {
        Proc c = coordinators[i];
        c.terminate();
        procs.remove(c);
        startCoordinator(i);
        awaitServing(i);
        await().atMost(READY).until(() -> balanced(i));
    }

    private int sessionsOn(int i) {
        try {
            return Json.parse(TestCluster.http(
                                    "GET",
                                    URI.create("http://127.0.0.1:" + coordinatorPorts[i] + "/api/cluster/status"),
                                    null,
                                    Map.of())
                            .body())
                    .path("data")
                    .path("stats")
                    .path("sessions")
                    .asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private void awaitCalls(long n) {
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.size() >= n);
    }

    private void awaitCallsSince(long from, long n) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> calls.stream().filter(c -> c.start() >= from).count() >= n);
    }

    private void rawClient(String name) {
        McpHttpClient http = new McpHttpClient(front().resolve("/mcp"));
        await().atMost(READY).ignoreExceptions().until(() -> http.initialize() != null);
        long last = 0;
        while (!stop.get()) {
            long start = System.currentTimeMillis();
            String failure = null;
            try {
                McpHttpClient.Reply r = http.post(
                        Json.write(http.request(
                                "tools/call",
                                Json.object().put("name", "stateful-counter").set("arguments", Json.object()))),
                        Map.of());
                if (r.status() == 404) {
                    broken.add(name + ": session lost (404)");
                    return;
                }
                if (r.messages().isEmpty() || r.single().has("error")) {
                    failure = r.status() + " " + r.body();
                } else {
                    long count = r.single()
                            .path("result")
                            .path("structuredContent")
                            .path("count")
                            .asLong();
                    if (count <= last) {
                        broken.add(name + ": counter went backwards " + last + " -> " + count);
                    }
                    last = count;
                }
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            calls.add(new Call(name, start, System.currentTimeMillis(), failure));
        }
        http.delete();
    }

    private void sdkClient(String name) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(front().toString())
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        // the load starts while nginx's first view of the coordinators settles: the session begins once one answers
        await().atMost(READY).ignoreExceptions().until(() -> client.initialize() != null);
        long last = 0;
        AtomicLong ok = new AtomicLong();
        try {
            while (!stop.get()) {
                long start = System.currentTimeMillis();
                String failure = null;
                try {
                    McpSchema.CallToolResult r =
                            client.callTool(new McpSchema.CallToolRequest("stateful-counter", Map.of()));
                    if (Boolean.TRUE.equals(r.isError())) {
                        failure = r.toString();
                    } else {
                        long count = ((Number) ((Map<?, ?>) r.structuredContent()).get("count")).longValue();
                        if (count <= last) {
                            broken.add(name + ": counter went backwards " + last + " -> " + count);
                        }
                        last = count;
                        ok.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure = e.toString();
                    if (failure.contains("404")) {
                        broken.add(name + ": session lost (404) " + failure);
                        return;
                    }
                }
                calls.add(new Call(name, start, System.currentTimeMillis(), failure));
            }
        } finally {
            client.closeGracefully();
        }
    }

    /** A child process whose output goes to a file in the run's folder. */
    static final class Proc {
        final String name;
        final Process process;

        private Proc(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        static Proc start(String name, Path dir, List<String> command, Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile());
            pb.environment().putAll(env);
            return new Proc(name, pb.start());
        }

        /** kill -9. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** SIGTERM (the hub's clean stop), waiting for the exit. */
        void terminate() {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
