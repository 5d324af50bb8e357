package io.mcphub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmark harness: {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--parts 1,2,3,4,5,6,7]
 * [--root DIR] [--out FILE]}. Runs the parts, prints the table and writes it with the machine, the JDKs, the
 * command and the date.
 */
public final class Main {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Env env;
    private final Report report = new Report();
    private final int concurrency;
    private final int rounds;
    private final Duration firstWarmup;
    private final Duration warmup;
    private final Duration window;

    Main(Env env) {
        this.env = env;
        this.concurrency = Integer.getInteger("bench.concurrency", 16);
        this.rounds = env.quick ? 2 : 5;
        // long enough for the JIT to compile the hot paths of every process under test (C2 needs ~10,000 calls of a
        // method):
        // a short first warm-up measured the compiler, not the request path
        this.firstWarmup = Duration.ofSeconds(env.quick ? 8 : 15);
        this.warmup = Duration.ofMillis(500);
        this.window = Duration.ofSeconds(env.quick ? 2 : 4);
    }

    private static void compareByHand(boolean modern, String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Duration window = Duration.ofSeconds(Long.parseLong(args[1]));
        int callers = Integer.getInteger("bench.concurrency", 16);
        List<Target> loads = new ArrayList<>();
        for (int u = 2; u < args.length; u++) {
            String name = (u - 1) + ":" + args[u];
            URI url = URI.create(args[u]);
            loads.add(
                    modern
                            ? new ModernLoad(name, url, callers).awaitServing(Duration.ofSeconds(30))
                            : new Load(name, url, callers));
        }
        Compare c = Compare.run(loads, rounds, window, Duration.ofMillis(500), window, new Report());
        String first = loads.get(0).name();
        for (Target t : loads) {
            System.out.printf(
                    "%s: %s; p50 - first's: %.3f ms; throughput / first's: %.0f%%%n",
                    t.name(),
                    c.summary(t.name()),
                    c.difference(t.name(), first, Load.Result::p50),
                    100 * c.ratio(t.name(), first, Load.Result::throughput));
        }
        for (Target t : loads) {
            if (t instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> parts = Set.of("1", "2", "3", "4", "5", "6", "7");
        Path root = Path.of("").toAbsolutePath();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--parts" -> parts = Set.of(args[++i].split(","));
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]);
                case "--load" -> {
                    // a load alone, for profiling: --load URL SECONDS (sessions: -Dbench.concurrency, default 16)
                    try (Load l =
                            new Load("load", URI.create(args[i + 1]), Integer.getInteger("bench.concurrency", 16))) {
                        System.out.println(
                                l.run(Duration.ofSeconds(2), Duration.ofSeconds(Long.parseLong(args[i + 2]))));
                        if (l.firstError() != null) {
                            System.out.println("first failed call: " + l.firstError());
                        }
                    }
                    System.exit(0);
                }
                case "--compare", "--compare-modern" -> {
                    // builds side by side, by hand: --compare ROUNDS SECONDS URL... (the first URL is the reference;
                    // interleaved rounds in this one warm JVM, as part 2 runs them; -Dbench.concurrency, default 16)
                    compareByHand(args[i].equals("--compare-modern"), Arrays.copyOfRange(args, i + 1, args.length));
                    System.exit(0);
                }
                case "--nodes" -> {
                    // simulated nodes alone, for profiling a coordinator's heartbeat path: --nodes URL N SECONDS
                    try (NodeSimulator sim = new NodeSimulator(args[i + 1], Integer.parseInt(args[i + 2]), 5000)) {
                        sim.start();
                        Thread.sleep(Long.parseLong(args[i + 3]) * 1000);
                        System.out.println(sim.heartbeats.get() + " heartbeats, " + sim.failures.get() + " failed");
                    }
                    System.exit(0);
                }
                case "--load-modern" -> {
                    // the same with stateless 2026-07-28 calls: --load-modern URL SECONDS
                    ModernLoad l = new ModernLoad(
                                    "load-modern", URI.create(args[i + 1]), Integer.getInteger("bench.concurrency", 16))
                            .awaitServing(Duration.ofSeconds(30));
                    System.out.println(l.run(Duration.ofSeconds(2), Duration.ofSeconds(Long.parseLong(args[i + 2]))));
                    if (l.firstError() != null) {
                        System.out.println("first failed call: " + l.firstError());
                    }
                    System.exit(0);
                }
                default -> {
                    System.err.println(
                            "usage: benchmarks.jar [--quick] [--parts 1,2,3,4,5,6,7] [--root DIR] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = root.resolve("docs/benchmarks.md");
        }
        Env env = new Env(root, quick);
        Main m = new Main(env);
        String command = System.getProperty(
                "bench.command", "java -jar benchmarks/target/benchmarks.jar " + String.join(" ", args));
        ZonedDateTime started = ZonedDateTime.now();
        long t0 = System.nanoTime();
        for (String p : List.of("1", "2", "3", "4", "5", "6", "7")) {
            if (!parts.contains(p)) {
                continue;
            }
            System.out.println("== part " + p);
            try {
                switch (p) {
                    case "1" -> m.hubOverhead();
                    case "2" -> m.coordinatorOverhead();
                    case "3" -> m.scale();
                    case "4" -> m.failover();
                    case "5" -> m.start();
                    case "6" -> m.severalCoordinators();
                    // part 7 (the protocol eras) is ErasBench, a class of its own
                    case "7" ->
                        new ErasBench(m.env, m.report, m.concurrency, m.rounds, m.firstWarmup, m.warmup, m.window)
                                .run();
                    default -> {}
                }
            } catch (Exception e) {
                e.printStackTrace();
                m.report.missing(
                        p,
                        "part " + p,
                        e.getClass().getSimpleName() + ": "
                                + String.valueOf(e.getMessage())
                                        .lines()
                                        .findFirst()
                                        .orElse(""));
            }
        }
        String md = m.document(command, started, (System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.println(m.report.markdownTable());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println("written to " + out);
        System.exit(0);
    }

    // ---------------------------------------------------------------- part 1

    void hubOverhead() throws Exception {
        int ph = Proc.freePort();
        int ps = Proc.freePort();
        try (Proc hub = env.hub("hub", env.jdk17, env.standaloneConfig(), ph, List.of());
                Proc sg = env.supergateway(ps)) {
            hub.awaitHttp200("http://127.0.0.1:" + ph + "/health", Duration.ofSeconds(60));
            awaitBody("http://127.0.0.1:" + ph + "/health", "\"connected\":1", Duration.ofSeconds(60));
            sg.awaitHttp200("http://127.0.0.1:" + ps + "/healthz", Duration.ofSeconds(60));
            try (Load hubLoad = new Load("hub", URI.create("http://127.0.0.1:" + ph + "/mcp/fixture"), concurrency);
                    Load sgLoad =
                            new Load("supergateway", URI.create("http://127.0.0.1:" + ps + "/mcp"), concurrency)) {
                Compare c = Compare.run(List.of(hubLoad, sgLoad), rounds, firstWarmup, warmup, window, report);
                report.detail(c.summary("hub"));
                report.detail(c.summary("supergateway"));
                String part = "1 hub vs supergateway";
                report.info(part, "hub (stdio fixture, " + concurrency + " sessions)", fig(c, "hub"));
                report.info(part, "supergateway 4.0.0 --stateful (same fixture)", fig(c, "supergateway"));
                double thr = c.ratio("hub", "supergateway", Load.Result::throughput);
                double p99 = c.ratio("hub", "supergateway", Load.Result::p99);
                report.goal(part, "throughput hub / supergateway", Report.ratio(thr), ">= 3x", thr >= 3);
                report.goal(part, "p99 hub / supergateway", Report.ratio(p99), "<= 0.5x", p99 <= 0.5);
                report.info(
                        part, "p50 hub / supergateway", Report.ratio(c.ratio("hub", "supergateway", Load.Result::p50)));
                report.info(part, "errors", Long.toString(c.errors()));
            }
        }
    }

    private static String fig(Compare c, String t) {
        return Report.rate(c.median(t, Load.Result::throughput)) + ", p50 " + Report.ms(c.median(t, Load.Result::p50))
                + ", p99 " + Report.ms(c.median(t, Load.Result::p99));
    }

    // ---------------------------------------------------------------- part 2

    void coordinatorOverhead() throws Exception {
        int pc = Proc.freePort();
        int pn = Proc.freePort();
        int pg = Proc.freePort();
        try (Proc coord = env.hub("coordinator", env.jdk17, env.coordinatorConfig(), pc, List.of());
                Proc node = startNodeAfter(coord, pc, "node-1", pn);
                Proc nginx = Nginx.start(env, pg, pn)) {
            awaitReplicas(pc, 1, Duration.ofSeconds(60));
            nginx.awaitPort(pg, Duration.ofSeconds(20));
            jitWarmup(pc, coord);
            compareCoordinator(pc, pn, pg, coord, concurrency, "", false);
            // the latency a request gains on the way, without queueing: one session, one request at a time
            compareCoordinator(pc, pn, pg, coord, 1, "-1s", false);
            // the same for 2026-07-28 stateless calls (no session: placed per request)
            compareCoordinator(pc, pn, pg, coord, concurrency, "-2026", true);
            compareCoordinator(pc, pn, pg, coord, 1, "-2026-1s", true);
        }
    }

    /**
     * One side-by-side comparison of part 2, at {@code sessions} sessions (or stateless callers when {@code modern});
     * targets are named with {@code tag}.
     */
    private void compareCoordinator(int pc, int pn, int pg, Proc coord, int sessions, String tag, boolean modern)
            throws Exception {
        String part = "2 coordinator";
        String nodeT = "node" + tag;
        String coordT = "coordinator" + tag;
        String nginxT = "nginx" + tag;
        List<Target> loads = new ArrayList<>();
        try {
            URI node = URI.create("http://127.0.0.1:" + pn + "/mcp/fixture");
            URI viaCoord = URI.create("http://127.0.0.1:" + pc + "/mcp/fixture");
            URI viaNginx = URI.create("http://127.0.0.1:" + pg + "/mcp/fixture");
            if (modern) {
                loads.add(new ModernLoad(nodeT, node, sessions).awaitServing(Duration.ofSeconds(60)));
                loads.add(new ModernLoad(coordT, viaCoord, sessions, coord).awaitServing(Duration.ofSeconds(60)));
                loads.add(new ModernLoad(nginxT, viaNginx, sessions).awaitServing(Duration.ofSeconds(60)));
            } else {
                loads.add(new Load(nodeT, node, sessions));
                loads.add(new Load(coordT, viaCoord, sessions, coord));
                loads.add(new Load(nginxT, viaNginx, sessions));
            }
            Compare c = Compare.run(loads, rounds, firstWarmup, warmup, window, report);
            for (Target l : loads) {
                report.detail(c.summary(l.name()));
                if (l.firstError() != null) {
                    report.detail(l.name() + ": first failed call: " + l.firstError());
                }
            }
            String at = modern
                    ? (sessions == 1 ? "1 stateless 2026-07-28 caller" : sessions + " stateless 2026-07-28 callers")
                    : sessions == 1 ? "1 session" : sessions + " sessions";
            if (sessions == 1) {
                report.info(
                        part,
                        at + ": node directly / via coordinator / via nginx (p50)",
                        Report.ms(c.median(nodeT, Load.Result::p50)) + " / "
                                + Report.ms(c.median(coordT, Load.Result::p50)) + " / "
                                + Report.ms(c.median(nginxT, Load.Result::p50)));
                double add1 = c.difference(coordT, nodeT, Load.Result::p50);
                report.goal(
                        part,
                        "coordinator: added p50 per request, " + at + " (no queueing)",
                        Report.ms(add1),
                        "<= 0.20 ms",
                        add1 <= 0.2);
                report.info(
                        part,
                        "coordinator: added p99 per request, " + at,
                        Report.ms(c.difference(coordT, nodeT, Load.Result::p99)));
                report.info(
                        part,
                        "nginx: added p50 per request, " + at,
                        Report.ms(c.difference(nginxT, nodeT, Load.Result::p50)));
            } else {
                report.info(part, "client -> node directly", fig(c, nodeT));
                report.info(part, "client -> coordinator -> node", fig(c, coordT));
                report.info(
                        part,
                        "client -> nginx " + Nginx.version(env) + " (hash $http_mcp_session_id consistent) -> node",
                        fig(c, nginxT));
                double thr = c.ratio(coordT, nodeT, Load.Result::throughput);
                report.goal(
                        part,
                        "coordinator: throughput / direct, " + at,
                        String.format("%.0f%%", thr * 100),
                        ">= 70%",
                        thr >= 0.7);
                report.info(
                        part,
                        "coordinator: added p50 / p99 per request, " + at,
                        Report.ms(c.difference(coordT, nodeT, Load.Result::p50)) + " / "
                                + Report.ms(c.difference(coordT, nodeT, Load.Result::p99)));
                report.info(
                        part,
                        "nginx: throughput / direct, " + at,
                        String.format("%.0f%%", c.ratio(nginxT, nodeT, Load.Result::throughput) * 100));
                report.info(
                        part,
                        "nginx: added p50 / p99 per request, " + at,
                        Report.ms(c.difference(nginxT, nodeT, Load.Result::p50)) + " / "
                                + Report.ms(c.difference(nginxT, nodeT, Load.Result::p99)));
                report.info(
                        part,
                        "coordinator throughput / nginx",
                        String.format("%.0f%%", c.ratio(coordT, nginxT, Load.Result::throughput) * 100));
            }
            // CPU time the coordinator process spends per proxied request (all its threads; /proc/PID/stat): how many
            // requests a second one core of a bigger machine could carry through it
            double cpu = c.median(coordT, Load.Result::cpuUsPerRequest);
            report.info(
                    part,
                    "coordinator CPU per proxied request, " + at,
                    String.format("%.0f us (one core: ~%,.0f/s)", cpu, 1e6 / cpu));
            report.info(part, "errors, " + at, Long.toString(c.errors()));
        } finally {
            for (Target l : loads) {
                if (l instanceof Load load) {
                    load.close();
                }
            }
        }
    }

    /**
     * Load through the coordinator (both eras), unmeasured, until the JIT has compiled the path: a coordinator and
     * its node compile several thousand methods (the coordinator's C2 compiler spent ~50 s of CPU in its first three
     * minutes here), and a measurement while they do measures the compiler, not a proxied request. A fixed warm-up
     * was not enough: after 30 s of each era the coordinator's CPU per request still fell from ~460 to ~250 us over
     * part 2's five rounds. So each era runs in windows until the coordinator's CPU per request moves less than
     * {@link #SETTLED} from window to window twice in a row (at most {@link #WARMUP_WINDOWS} windows).
     */
    private void jitWarmup(int pc, Proc coord) throws Exception {
        URI viaCoord = URI.create("http://127.0.0.1:" + pc + "/mcp/fixture");
        Duration each = Duration.ofSeconds(env.quick ? 5 : 10);
        try (Load warm = new Load("jit-warmup", viaCoord, concurrency, coord)) {
            settle(warm, each);
        }
        settle(
                new ModernLoad("jit-warmup-2026", viaCoord, concurrency, coord).awaitServing(Duration.ofSeconds(60)),
                each);
    }

    private static final double SETTLED = 0.10;
    private static final int SETTLED_STEPS = 2;
    private static final int WARMUP_WINDOWS = 12;

    /** Runs {@code load} in windows of {@code each} until the coordinator's CPU per request settles. */
    private void settle(Target load, Duration each) throws InterruptedException {
        List<String> trace = new ArrayList<>();
        double last = Double.NaN;
        int agreeing = 0;
        for (int w = 1; w <= WARMUP_WINDOWS; w++) {
            double cpu = load.run(Duration.ZERO, each).cpuUsPerRequest();
            trace.add(String.format("%.0f", cpu));
            // two steps in a row: one pair of noisy windows that happened to agree stopped a run at ~900 us per
            // request, whose rounds then measured ~190 us
            agreeing = w >= 2 && Math.abs(cpu - last) <= SETTLED * last ? agreeing + 1 : 0;
            if (agreeing == SETTLED_STEPS) {
                break;
            }
            last = cpu;
        }
        report.detail("JIT warm-up, " + load.name() + ": coordinator CPU per request in " + each.toSeconds()
                + " s windows until it moved less than " + Math.round(SETTLED * 100) + "% twice in a row: "
                + String.join(", ", trace) + " us");
    }

    /** A node process (mode "node", the fixture started with --name id), once the coordinator is up. */
    private Proc startNodeAfter(Proc coord, int pc, String id, int port) throws Exception {
        coord.awaitHttp200("http://127.0.0.1:" + pc + "/health", Duration.ofSeconds(60));
        return env.hub(id, env.jdk17, env.nodeConfig(id, port, pc), port, List.of());
    }

    /** Waits until the coordinator lists n healthy replicas of the fixture server. */
    private void awaitReplicas(int pc, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + pc + "/api/cluster/servers/fixture/replicas"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200) {
                    int ok = 0;
                    // MCPHub's shape: data is the array of replicas
                    for (JsonNode rep : McpSession.JSON.readTree(r.body()).path("data")) {
                        if ("healthy".equals(rep.path("status").asText())
                                && "connected".equals(rep.path("serverStatus").asText())) {
                            ok++;
                        }
                    }
                    if (ok >= n) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IOException("the coordinator did not list " + n + " healthy replicas of fixture: " + last);
    }

    private static void awaitBody(String url, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = HTTP.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (last.contains(text)) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IOException(url + " never showed " + text + ": " + last);
    }

    // ---------------------------------------------------------------- part 6

    /**
     * Several coordinators (issue 11): one coordinator vs two behind nginx round-robin, in front of the same two
     * nodes; what sealing and opening a session id cost (JMH); what finding a session's placement costs the first
     * call on a coordinator that did not open it; the heap per session on a coordinator that only routes.
     */
    void severalCoordinators() throws Exception {
        String part = "6 coordinators";
        sealCost(part);
        int pa = Proc.freePort();
        int pb = Proc.freePort();
        int pn1 = Proc.freePort();
        int pn2 = Proc.freePort();
        int pg = Proc.freePort();
        String both = "http://127.0.0.1:" + pa + ",http://127.0.0.1:" + pb;
        try (Proc a = env.hub("coordinator-a", env.jdk17, env.coordinatorConfig(), pa, List.of());
                Proc b = env.hub("coordinator-b", env.jdk17, env.coordinatorConfig(), pb, List.of());
                Proc n1 = env.hub("node-1", env.jdk17, env.nodeConfig("node-1", pn1, both), pn1, List.of());
                Proc n2 = env.hub("node-2", env.jdk17, env.nodeConfig("node-2", pn2, both), pn2, List.of());
                Proc nginx = Nginx.roundRobin(env, pg, List.of(pa, pb))) {
            awaitReplicas(pa, 2, Duration.ofSeconds(60));
            awaitReplicas(pb, 2, Duration.ofSeconds(60));
            nginx.awaitPort(pg, Duration.ofSeconds(20));
            try (Load one = new Load(
                            "1-coordinator", URI.create("http://127.0.0.1:" + pa + "/mcp/fixture"), concurrency);
                    Load two = new Load(
                            "2-coordinators", URI.create("http://127.0.0.1:" + pg + "/mcp/fixture"), concurrency)) {
                Compare c = Compare.run(List.of(one, two), rounds, firstWarmup, warmup, window, report);
                report.detail(c.summary("1-coordinator"));
                report.detail(c.summary("2-coordinators"));
                report.info(part, "clients -> 1 coordinator -> 2 nodes", fig(c, "1-coordinator"));
                report.info(
                        part,
                        "clients -> nginx " + Nginx.version(env) + " round-robin -> 2 coordinators -> 2 nodes",
                        fig(c, "2-coordinators"));
                report.info(
                        part,
                        "throughput 2 coordinators / 1 (same 2 cores for everything)",
                        String.format(
                                "%.0f%%", c.ratio("2-coordinators", "1-coordinator", Load.Result::throughput) * 100));
                report.info(part, "errors", Long.toString(c.errors()));
            }
            findCost(part, pa, pb);
            routingHeap(part, a, pa);
        }
    }

    /** SessionSealBench through JMH's API: the average time of a seal, an open and a refused forgery. */
    private void sealCost(String part) throws Exception {
        Options opts = new OptionsBuilder()
                .include(SessionSealBench.class.getSimpleName())
                .forks(1)
                .warmupIterations(env.quick ? 2 : 3)
                .measurementIterations(env.quick ? 3 : 5)
                .build();
        Map<String, Double> us = new TreeMap<>();
        for (RunResult r : new Runner(opts).run()) {
            String label = r.getParams().getBenchmark();
            us.put(
                    label.substring(label.lastIndexOf('.') + 1),
                    r.getPrimaryResult().getScore());
        }
        report.goal(
                part,
                "session id: seal / open / refuse a forged one (JMH, average)",
                String.format("%.1f / %.1f / %.1f us", us.get("seal"), us.get("open"), us.get("refuseForged")),
                "microseconds (<= 50 us each)",
                us.values().stream().allMatch(v -> v <= 50));
    }

    /**
     * Sessions opened on coordinator A, then called on coordinator B: B's first call opens the sealed id, asks the
     * replicas which holds the session (none yet: it is placed) or continues the node's session; the second call is
     * the routine path. The difference is what finding costs, once per (session, server, coordinator).
     */
    private void findCost(String part, int pa, int pb) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI urlA = URI.create("http://127.0.0.1:" + pa + "/mcp/fixture");
        URI urlB = URI.create("http://127.0.0.1:" + pb + "/mcp/fixture");
        int n = env.quick ? 100 : 300;
        List<Long> firstOnB = new ArrayList<>();
        List<Long> thenOnB = new ArrayList<>();
        List<Long> continuedOnA = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            McpSession s = new McpSession(http, urlA, Duration.ofSeconds(30)).open();
            McpSession onB = s.on(urlB);
            long t0 = System.nanoTime();
            onB.echo("first");
            long t1 = System.nanoTime();
            onB.echo("again");
            long t2 = System.nanoTime();
            s.echo("back on A, which continues B's node session");
            long t3 = System.nanoTime();
            firstOnB.add(t1 - t0);
            thenOnB.add(t2 - t1);
            continuedOnA.add(t3 - t2);
            s.close();
        }
        double first = median(firstOnB) / 1e6;
        double then = median(thenOnB) / 1e6;
        double back = median(continuedOnA) / 1e6;
        report.info(
                part,
                "first call on a coordinator that did not open the session / later calls (p50, " + n + " sessions)",
                String.format("%.2f ms / %.2f ms", first, then));
        report.info(
                part,
                "first call back on the opening coordinator (asks the nodes, continues the node session), p50",
                String.format("%.2f ms", back));
        report.info(
                part,
                "finding a session's placement, once per (session, server, coordinator)",
                Report.ms(first - then));
    }

    private static double median(List<Long> xs) {
        List<Long> sorted = new ArrayList<>(xs);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** Sessions with a placement and a node session each, on a coordinator that runs no server itself. */
    private void routingHeap(String part, Proc coordinator, int pc) throws Exception {
        int sessions = env.quick ? 500 : 2000;
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI url = URI.create("http://127.0.0.1:" + pc + "/mcp/fixture");
        long before = usedHeapAfterGc(coordinator, env.jdk17);
        List<McpSession> open = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            fs.add(pool.submit(() -> {
                McpSession s = new McpSession(http, url, Duration.ofSeconds(60)).open();
                s.echo("placed");
                open.add(s);
                return null;
            }));
        }
        for (var f : fs) {
            f.get();
        }
        pool.shutdown();
        long after = usedHeapAfterGc(coordinator, env.jdk17);
        double perSession = (after - before) / (double) sessions;
        report.detail(String.format(
                "routing heap: used after GC %,d KB before, %,d KB after %,d placed sessions",
                before / 1024, after / 1024, sessions));
        report.info(
                part,
                String.format(
                        "heap per session on a coordinator that only routes (%,d sessions, placed, JDK 17)", sessions),
                String.format("%.1f KB", perSession / 1024));
        open.forEach(McpSession::close);
    }

    // ---------------------------------------------------------------- part 3

    void scale() throws Exception {
        // -Dbench.heap=false skips the heap figure (e.g. when profiling the heartbeats)
        if (Boolean.parseBoolean(System.getProperty("bench.heap", "true"))) {
            heapPerSession();
        }
        // -Dbench.nodes=100,500: the cluster sizes whose heartbeats are measured, each on a fresh coordinator
        String baseline = System.getProperty("bench.baseline");
        for (String n : System.getProperty("bench.nodes", "100,500").split(",")) {
            nodesCpu(Integer.parseInt(n.trim()), env.hubJar, "");
            if (baseline != null) {
                // the same on the baseline build, right after (one coordinator at a time: it is its CPU we read)
                nodesCpu(Integer.parseInt(n.trim()), Path.of(baseline).toAbsolutePath(), " [baseline build]");
            }
        }
    }

    void heapPerSession() throws Exception {
        int sessions = Integer.getInteger("bench.sessions", env.quick ? 1000 : 10_000);
        int pc = Proc.freePort();
        String part = "3 scale";
        try (Proc coord = env.hub("coordinator-heap", env.jdk25, env.coordinatorConfig(), pc, List.of())) {
            coord.awaitHttp200("http://127.0.0.1:" + pc + "/health", Duration.ofSeconds(60));
            URI url = URI.create("http://127.0.0.1:" + pc + "/mcp");
            // warm the paths once so that class loading and JIT are in the baseline, not in the delta
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 50; i++) {
                new McpSession(http, url, Duration.ofSeconds(30)).open().close();
            }
            long before = usedHeapAfterGc(coord);
            long t = System.nanoTime();
            List<McpSession> open = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                fs.add(pool.submit(() -> {
                    open.add(new McpSession(http, url, Duration.ofSeconds(60)).open());
                    return null;
                }));
            }
            for (var f : fs) {
                f.get();
            }
            pool.shutdown();
            // half of them with an open GET stream: a connection each, held open by the client
            HttpClient streams =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<InputStream>>> gets = new ArrayList<>();
            for (int i = 0; i < sessions / 2; i++) {
                McpSession s = open.get(i);
                gets.add(streams.sendAsync(
                        HttpRequest.newBuilder(s.url())
                                .GET()
                                .header("Accept", "text/event-stream")
                                .header("Mcp-Session-Id", s.id())
                                .header("MCP-Protocol-Version", McpSession.PROTOCOL)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
                if (i % 200 == 199) {
                    Thread.sleep(20);
                } // do not open 5,000 sockets in one burst
            }
            int ok = 0;
            for (var g : gets) {
                if (g.get(60, TimeUnit.SECONDS).statusCode() == 200) {
                    ok++;
                }
            }
            double openSeconds = (System.nanoTime() - t) / 1e9;
            String health = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pc + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long after = usedHeapAfterGc(coord);
            double perSession = (after - before) / (double) sessions;
            report.detail(String.format(
                    "heap: used after GC %,d KB before, %,d KB after %,d sessions (%d GET streams open, opened in "
                            + "%.1f s); health %s",
                    before / 1024, after / 1024, sessions, ok, openSeconds, health));
            report.goal(
                    part,
                    String.format(
                            "coordinator heap per session (%,d sessions, %,d with an open GET stream; JDK 25)",
                            sessions, ok),
                    String.format("%.1f KB", perSession / 1024),
                    "<= 20 KB",
                    perSession <= 20 * 1024);
            for (var g : gets) {
                try {
                    g.get().body().close();
                } catch (Exception e) {
                    // ignore
                }
            }
        }
    }

    /** Used heap after two full GCs, in bytes, from jcmd GC.heap_info. */
    private long usedHeapAfterGc(Proc p) throws Exception {
        return usedHeapAfterGc(p, env.jdk25);
    }

    private long usedHeapAfterGc(Proc p, String jdk) throws Exception {
        String jcmd = jdk + "/bin/jcmd";
        for (int i = 0; i < 2; i++) {
            exec(jcmd, Long.toString(p.pid()), "GC.run");
        }
        String info = exec(jcmd, Long.toString(p.pid()), "GC.heap_info");
        Matcher m = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IOException("cannot read the used heap from: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    /** At most this many measured windows of heartbeats, after {@link #heartbeatWarmup}. */
    private static final int HEARTBEAT_WINDOWS = 8;

    private Duration heartbeatWarmup() {
        return Duration.ofSeconds(env.quick ? 30 : 60);
    }

    void nodesCpu(int nodes, Path jar, String label) throws Exception {
        Duration w = Duration.ofSeconds(env.quick ? 10 : 40);
        int pc = Proc.freePort();
        String part = "3 scale";
        String name = "coordinator-cpu-" + nodes + (label.isEmpty() ? "" : "-baseline");
        try (Proc coord = env.hub(name, jar, env.jdk17, env.coordinatorConfig(), pc, List.of())) {
            coord.awaitHttp200("http://127.0.0.1:" + pc + "/health", Duration.ofSeconds(60));
            Thread.sleep(3000);
            long a = coord.cpuTicks();
            Thread.sleep(w.toMillis());
            long b = coord.cpuTicks();
            try (NodeSimulator sim = new NodeSimulator("http://127.0.0.1:" + pc, nodes, 5000)) {
                long r0 = coord.cpuTicks();
                long t0 = System.nanoTime();
                sim.register();
                double registerSeconds = (System.nanoTime() - t0) / 1e9;
                long r1 = coord.cpuTicks();
                sim.heartbeat();
                // heartbeats before measuring, so that the JIT has compiled their path (at 20 a second that takes
                // a while, and a cold path costs several times a compiled one): the figure is the steady state
                Thread.sleep(heartbeatWarmup().toMillis());
                double hz = 100.0; // USER_HZ
                // then windows until two in a row agree (C2 still compiles the path for minutes at 20 beats a
                // second: a window at 30 s measured 8.7% where later ones measured 3-4%); the last one is the figure
                List<String> trace = new ArrayList<>();
                double busy = Double.NaN;
                long hbs = 0;
                for (int i = 1; i <= HEARTBEAT_WINDOWS; i++) {
                    long c = coord.cpuTicks();
                    long hb0 = sim.heartbeats.get();
                    Thread.sleep(w.toMillis());
                    long d = coord.cpuTicks();
                    hbs = sim.heartbeats.get() - hb0;
                    double was = busy;
                    busy = (d - c) / hz / w.toSeconds() * 100;
                    trace.add(String.format("%.1f%%", busy));
                    if (i >= 2 && Math.abs(busy - was) <= Math.max(0.5, 0.1 * was)) {
                        break;
                    }
                }
                report.detail("nodes" + label + ", " + nodes + " nodes: coordinator CPU in " + w.toSeconds()
                        + " s windows until two in a row agreed (within 0.5 points or 10%): "
                        + String.join(", ", trace));
                double idle = (b - a) / hz / w.toSeconds() * 100;
                double registerCpuMs = (r1 - r0) * 1000 / hz;
                report.detail(String.format(
                        "nodes" + label
                                + ": coordinator CPU %.2f%% of a core idle, %.2f%% with %d nodes "
                                + "heartbeating every 5 s (%d heartbeats in %d s, %d failed); "
                                + "registering them one after another took %.1f s and %.0f ms of its CPU",
                        idle,
                        busy,
                        nodes,
                        hbs,
                        w.toSeconds(),
                        sim.failures.get(),
                        registerSeconds,
                        registerCpuMs));
                report.goal(
                        part,
                        nodes + " simulated nodes heartbeating every 5 s: coordinator CPU (total, after "
                                + heartbeatWarmup().toSeconds() + " s of heartbeats and until it settled; idle "
                                + String.format("%.2f%%", idle) + ")" + label,
                        String.format("%.2f%% of one core", busy),
                        "< 5%",
                        busy < 5);
                report.info(
                        part,
                        nodes + " simulated nodes registering one after another: coordinator CPU per registration"
                                + label,
                        String.format("%.2f ms", registerCpuMs / nodes));
            }
        }
    }

    // ---------------------------------------------------------------- part 4

    void failover() throws Exception {
        int trials = env.quick ? 1 : 3;
        List<Double> times = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            double ms = failoverTrial();
            times.add(ms);
        }
        double med = Report.median(times);
        report.goal(
                "4 failover",
                "kill -9 of a node -> first successful call of a session on it, under load (median of " + trials + ")",
                Report.ms(med),
                "<= 1000 ms",
                med <= 1000);
    }

    private double failoverTrial() throws Exception {
        int pc = Proc.freePort();
        int pa = Proc.freePort();
        int pb = Proc.freePort();
        try (Proc coord = env.hub("coordinator-failover", env.jdk17, env.coordinatorConfig(), pc, List.of());
                Proc nodeA = startNodeAfter(coord, pc, "node-a", pa);
                Proc nodeB = env.hub("node-b", env.jdk17, env.nodeConfig("node-b", pb, pc), pb, List.of())) {
            awaitReplicas(pc, 2, Duration.ofSeconds(60));
            URI url = URI.create("http://127.0.0.1:" + pc + "/mcp/fixture");
            try (Load load = new Load("failover", url, 8)) {
                List<McpSession> ss = load.sessions();
                List<String> where = new ArrayList<>();
                for (McpSession s : ss) {
                    where.add(s.callTool("whoami", null)
                            .path("structuredContent")
                            .path("name")
                            .asText());
                }
                String victim = where.get(0);
                Proc victimProc = victim.equals("node-a") ? nodeA : nodeB;
                // under load: every session calls echo in a closed loop; note each one's first success after the kill
                long[] firstOk = new long[ss.size()];
                long[] failures = new long[ss.size()];
                AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < ss.size(); i++) {
                    final int idx = i;
                    Thread th = new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                ss.get(idx).echo("x");
                                long now = System.nanoTime();
                                if (now > killedAt.get() && firstOk[idx] == 0) {
                                    firstOk[idx] = now;
                                }
                            } catch (IOException e) {
                                failures[idx]++;
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    th.setDaemon(true);
                    th.start();
                    threads.add(th);
                }
                Thread.sleep(2000);
                killedAt.set(System.nanoTime());
                victimProc.kill9();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (firstOk[0] == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(500);
                stop.set(true);
                for (Thread th : threads) {
                    th.join(5000);
                }
                List<String> after = new ArrayList<>();
                for (McpSession s : ss) {
                    try {
                        after.add(s.callTool("whoami", null)
                                .path("structuredContent")
                                .path("name")
                                .asText());
                    } catch (IOException e) {
                        after.add("error");
                    }
                }
                double ms = firstOk[0] == 0 ? Double.POSITIVE_INFINITY : (firstOk[0] - killedAt.get()) / 1e6;
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < ss.size(); i++) {
                    b.append(String.format(
                            " [s%d %s->%s, failed calls %d, first ok after kill %s]",
                            i,
                            where.get(i),
                            after.get(i),
                            failures[i],
                            firstOk[i] == 0 ? "none" : String.format("%.1f ms", (firstOk[i] - killedAt.get()) / 1e6)));
                }
                report.detail(
                        String.format("failover: killed %s; session 0 answered again after %.1f ms;", victim, ms) + b);
                return ms;
            }
        }
    }

    // ---------------------------------------------------------------- part 5

    void start() throws Exception {
        int runs = env.quick ? 2 : 5;
        Path config = env.standaloneConfig();
        List<Double> j17 = new ArrayList<>();
        List<Double> j25 = new ArrayList<>();
        List<Double> c17 = new ArrayList<>();
        List<Double> c25 = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (String jdk : (r % 2 == 0 ? List.of(env.jdk17, env.jdk25) : List.of(env.jdk25, env.jdk17))) {
                int port = Proc.freePort();
                try (Proc p = env.hub("start", jdk, config, port, List.of())) {
                    double ms = p.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60)) / 1e6;
                    awaitBody("http://127.0.0.1:" + port + "/health", "\"connected\":1", Duration.ofSeconds(60));
                    double connected = (System.nanoTime() - p.spawnedNanos) / 1e6;
                    (jdk.equals(env.jdk17) ? j17 : j25).add(ms);
                    (jdk.equals(env.jdk17) ? c17 : c25).add(connected);
                }
            }
        }
        // the same with an application class-data archive (AppCDS; a deployment option, not the default)
        List<Double> s17 = new ArrayList<>();
        List<Double> s25 = new ArrayList<>();
        try {
            Map<String, Path> archives = new HashMap<>();
            for (String jdk : List.of(env.jdk17, env.jdk25)) {
                Path jsa = env.run.resolve("hub-" + (jdk.equals(env.jdk17) ? "17" : "25") + ".jsa");
                Files.deleteIfExists(jsa);
                int port = Proc.freePort();
                try (Proc p =
                        env.hub("start-cds-dump", jdk, config, port, List.of("-XX:ArchiveClassesAtExit=" + jsa))) {
                    p.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60));
                    awaitBody("http://127.0.0.1:" + port + "/health", "\"connected\":1", Duration.ofSeconds(60));
                }
                if (Files.exists(jsa)) {
                    archives.put(jdk, jsa);
                }
            }
            for (int r = 0; r < runs; r++) {
                for (String jdk : (r % 2 == 0 ? List.of(env.jdk17, env.jdk25) : List.of(env.jdk25, env.jdk17))) {
                    Path jsa = archives.get(jdk);
                    if (jsa == null) {
                        continue;
                    }
                    int port = Proc.freePort();
                    try (Proc p = env.hub("start-cds", jdk, config, port, List.of("-XX:SharedArchiveFile=" + jsa))) {
                        (jdk.equals(env.jdk17) ? s17 : s25)
                                .add(p.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60))
                                        / 1e6);
                    }
                }
            }
        } catch (Exception e) {
            report.detail("AppCDS start not measured: " + e);
        }
        if (!s17.isEmpty()) {
            report.info(
                    "5 start",
                    "... with an AppCDS archive (-XX:SharedArchiveFile), JDK 17 / JDK 25",
                    Report.ms(Report.median(s17)) + " / " + Report.ms(Report.median(s25)));
        }
        report.detail("start JDK 17 with AppCDS: " + s17 + " ms; JDK 25 with AppCDS: " + s25 + " ms");
        report.detail("start JDK 17: " + j17 + " ms; with the fixture connected: " + c17);
        report.detail("start JDK 25: " + j25 + " ms; with the fixture connected: " + c25);
        double m17 = Report.median(j17);
        double m25 = Report.median(j25);
        report.goal(
                "5 start",
                "java -jar -> first 200 on /health, JDK 17 (median of " + runs + ")",
                Report.ms(m17),
                "<= 1000 ms",
                m17 <= 1000);
        report.goal(
                "5 start",
                "java -jar -> first 200 on /health, JDK 25 (median of " + runs + ")",
                Report.ms(m25),
                "<= 1000 ms",
                m25 <= 1000);
        report.info(
                "5 start",
                "... until the stdio fixture is connected, JDK 17 / JDK 25",
                Report.ms(Report.median(c17)) + " / " + Report.ms(Report.median(c25)));
    }

    // ---------------------------------------------------------------- the document

    String document(String command, ZonedDateTime date, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Written by `bash tools/bench.sh` (the harness in `benchmarks/`, see benchmarks/README.md). "
                        + "Every comparison was measured ")
                .append("side by side in this one run: interleaved rounds, figures are medians of rounds, ratios and "
                        + "differences are taken ")
                .append("within each round and their median given. The machine is shared and noisy: read the ratios, "
                        + "not the absolute figures.\n\n");
        b.append("- date: ")
                .append(date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(String.format(" (run took %.0f s)%n", seconds));
        b.append("- command: `").append(command).append("`\n");
        b.append("- machine: ").append(machine()).append("\n");
        b.append("- JDK 17: ").append(env.javaVersion(env.jdk17)).append("\n");
        b.append("- JDK 25: ").append(env.javaVersion(env.jdk25)).append("\n");
        b.append("- harness JVM: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append("\n");
        b.append(String.format(
                "- load: %d concurrent MCP sessions (Streamable HTTP, HTTP/1.1, JDK HttpClient), each initialised "
                        + "once, then `tools/call echo` in a closed loop with a unique id per request; %d rounds of %s "
                        + "warm-up + %s measured per target (after a first %s warm-up)%n",
                concurrency,
                rounds,
                warmup.toMillis() + " ms",
                window.toSeconds() + " s",
                firstWarmup.toSeconds() + " s"));
        b.append("- processes under test: the hub and the coordinator and nodes as `java -jar "
                        + "app/target/mcphub.jar` on JDK 17 (part 3's heap figure: JDK 25), ")
                .append("supergateway 4.0.0 on Node 22 from .tools, nginx ")
                .append(Nginx.version(env))
                .append(" from Debian's package in .tools; ")
                .append("the stdio fixture is `java -jar testkit/target/fixture-server.jar`; the load client runs on "
                        + "the same 2 cores\n\n");
        b.append(report.markdownTable()).append("\n");
        b.append("What the profiles showed and what was fixed: "
                + "[benchmarks/README.md](../benchmarks/README.md#profiles-and-fixes).\n");
        // this file is rewritten by every run: before/after records of single changes are kept by hand elsewhere
        b.append("Before/after pairs of single changes, written by hand (a run of `tools/bench.sh` rewrites this "
                + "file, not that one):\n[benchmarks-before-after.md](benchmarks-before-after.md).\n\n");
        b.append("## Details\n\n```\n");
        report.details.forEach(d -> b.append(d).append("\n"));
        b.append("```\n");
        return b.toString();
    }

    static String machine() {
        StringBuilder b = new StringBuilder();
        try {
            List<String> cpu = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = cpu.stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("?");
            b.append(Runtime.getRuntime().availableProcessors())
                    .append(" cores (")
                    .append(model)
                    .append(")");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            b.append(String.format(Locale.ROOT, ", %.1f GiB memory", Long.parseLong(mem) / 1024.0 / 1024.0));
            b.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"));
        } catch (Exception e) {
            b.append("unknown (").append(e.getMessage()).append(")");
        }
        return b.toString();
    }
}
