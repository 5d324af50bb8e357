package io.mcphub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Part 7, the two protocol eras side by side: the same {@code tools/call echo} as a stateless 2026-07-28 request
 * through the hub ({@code /mcp/fixture}, no session) against the 2025 session call through the hub, and both against
 * the fixture directly over HTTP (it serves both eras). The hub's fixture is the stdio one of part 1, which the hub
 * speaks to in 2026-07-28 either way, so the two hub figures differ only in the client's era. Interleaved rounds as
 * in {@link Compare}. Goal: the modern path costs no more per request than the 2025 path, measured as the hub
 * process's own CPU per answered call (the load client and the fixture share the cores, so throughput and latency
 * also carry their costs; those are given beside it).
 */
final class ErasBench {
    static final String PART = "6 eras";

    /** One endpoint's measured window. */
    @FunctionalInterface
    interface Window {
        Load.Result run(Duration warmup, Duration window) throws InterruptedException;
    }

    private final Env env;
    private final Report report;
    private final int concurrency;
    private final int rounds;
    private final Duration firstWarmup;
    private final Duration warmup;
    private final Duration window;
    private final Map<String, List<Load.Result>> byTarget = new LinkedHashMap<>();
    // the hub process's CPU (user + system ticks) per answered call in each round, for the hub's two targets
    private final Map<String, List<Double>> hubTicksPerCall = new LinkedHashMap<>();

    ErasBench(
            Env env,
            Report report,
            int concurrency,
            int rounds,
            Duration firstWarmup,
            Duration warmup,
            Duration window) {
        this.env = env;
        this.report = report;
        this.concurrency = concurrency;
        this.rounds = rounds;
        this.firstWarmup = firstWarmup;
        this.warmup = warmup;
        this.window = window;
    }

    void run() throws Exception {
        int ph = Proc.freePort();
        int pf = Proc.freePort();
        try (Proc hub = env.hub("hub-eras", env.jdk17, env.standaloneConfig(), ph, List.of());
                Proc fixture = fixtureHttp(pf)) {
            hub.awaitHttp200("http://127.0.0.1:" + ph + "/health", Duration.ofSeconds(60));
            fixture.awaitPort(pf, Duration.ofSeconds(60));
            URI viaHub = URI.create("http://127.0.0.1:" + ph + "/mcp/fixture");
            URI direct = URI.create("http://127.0.0.1:" + pf + "/mcp");
            ModernLoad hubModern = new ModernLoad("hub 2026", viaHub, concurrency).awaitServing(Duration.ofSeconds(60));
            ModernLoad fixtureModern =
                    new ModernLoad("fixture 2026", direct, concurrency).awaitServing(Duration.ofSeconds(60));
            try (Load hubLegacy = new Load("hub 2025", viaHub, concurrency);
                    Load fixtureLegacy = new Load("fixture 2025", direct, concurrency)) {
                Map<String, Window> targets = new LinkedHashMap<>();
                targets.put(hubModern.name, onHubCpu(hub, hubModern.name, hubModern::run));
                targets.put(hubLegacy.name, onHubCpu(hub, hubLegacy.name, hubLegacy::run));
                targets.put(fixtureModern.name, fixtureModern::run);
                targets.put(fixtureLegacy.name, fixtureLegacy::run);
                measure(targets);
            }
            for (ModernLoad m : List.of(hubModern, fixtureModern)) {
                if (m.firstError() != null) {
                    report.detail(m.name + ": first failed call: " + m.firstError());
                }
            }
        }
        for (String t : byTarget.keySet()) {
            report.detail(summary(t));
        }
        report.info(PART, "hub /mcp/fixture, stateless 2026-07-28 call (" + concurrency + " callers)", fig("hub 2026"));
        report.info(PART, "hub /mcp/fixture, 2025-11-25 session call (" + concurrency + " sessions)", fig("hub 2025"));
        report.info(
                PART,
                "fixture directly over HTTP, 2026-07-28 / 2025 call",
                fig("fixture 2026") + " / " + fig("fixture 2025"));
        double cpu = cpuRatio("hub 2026", "hub 2025");
        report.detail(String.format(
                "hub CPU ticks per 1,000 calls by round, modern %s, 2025 %s; median ratio %.3f",
                perThousand("hub 2026"), perThousand("hub 2025"), cpu));
        report.goal(PART, "hub: its own CPU per call, modern / 2025", Report.ratio(cpu), "<= 1.00x", cpu <= 1.0);
        report.info(PART, "hub: p50 modern / 2025", Report.ratio(ratio("hub 2026", "hub 2025", Load.Result::p50)));
        report.info(
                PART,
                "hub: throughput modern / 2025",
                Report.ratio(ratio("hub 2026", "hub 2025", Load.Result::throughput)));
        report.info(
                PART,
                "hub: added p50 over the fixture directly, modern / 2025",
                Report.ms(difference("hub 2026", "fixture 2026", Load.Result::p50)) + " / "
                        + Report.ms(difference("hub 2025", "fixture 2025", Load.Result::p50)));
        report.info(PART, "errors", Long.toString(errors()));
    }

    /**
     * The fixture over HTTP with TCP_NODELAY: the JDK's built-in HTTP server it runs on leaves Nagle's algorithm on
     * by default, and a keep-alive connection then waits for the client's delayed ACK (about 40 ms per answer),
     * which would measure the server's socket setting instead of either era.
     */
    private Proc fixtureHttp(int port) throws IOException {
        List<String> cmd = new ArrayList<>(env.fixtureCommand("fixture-eras"));
        cmd.add(1, "-Dsun.net.httpserver.nodelay=true");
        cmd.addAll(List.of("--http", Integer.toString(port), "--detached"));
        return Proc.start("fixture-eras", env.run, cmd, Map.of());
    }

    /**
     * The target's window, with the hub's CPU over it divided by the calls answered: the hub's own cost per call,
     * apart from what the load client and the fixture (each a process of its own) spend on the same cores. The
     * ticks cover the warm-up too, alike for both eras, so only their ratio is reported.
     */
    private Window onHubCpu(Proc hub, String target, Window window) {
        hubTicksPerCall.put(target, new ArrayList<>());
        return (warm, measured) -> {
            long before = ticks(hub);
            Load.Result r = window.run(warm, measured);
            long used = ticks(hub) - before;
            if (!measured.isZero() && r.requests() > 0) {
                hubTicksPerCall.get(target).add((double) used / r.requests());
            }
            return r;
        };
    }

    private static long ticks(Proc p) {
        try {
            return p.cpuTicks();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> perThousand(String target) {
        return hubTicksPerCall.get(target).stream()
                .map(t -> String.format("%.1f", t * 1000))
                .toList();
    }

    private double cpuRatio(String a, String b) {
        List<Double> v = new ArrayList<>();
        for (int r = 0;
                r
                        < Math.min(
                                hubTicksPerCall.get(a).size(),
                                hubTicksPerCall.get(b).size());
                r++) {
            v.add(hubTicksPerCall.get(a).get(r) / hubTicksPerCall.get(b).get(r));
        }
        return Report.median(v);
    }

    private void measure(Map<String, Window> targets) throws InterruptedException {
        List<String> names = new ArrayList<>(targets.keySet());
        for (String n : names) {
            byTarget.put(n, new ArrayList<>());
            targets.get(n).run(firstWarmup, Duration.ZERO); // JIT, connection pools, the upstream's modern path
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get((i + r) % names.size());
                Load.Result res = targets.get(n).run(warmup, window);
                byTarget.get(n).add(res);
                report.detail("round " + (r + 1) + ": " + res);
            }
        }
    }

    private double median(String target, ToDoubleFunction<Load.Result> f) {
        return Report.median(byTarget.get(target).stream().map(f::applyAsDouble).toList());
    }

    private double ratio(String a, String b, ToDoubleFunction<Load.Result> f) {
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            v.add(f.applyAsDouble(byTarget.get(a).get(r))
                    / f.applyAsDouble(byTarget.get(b).get(r)));
        }
        return Report.median(v);
    }

    private double difference(String a, String b, ToDoubleFunction<Load.Result> f) {
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            v.add(f.applyAsDouble(byTarget.get(a).get(r))
                    - f.applyAsDouble(byTarget.get(b).get(r)));
        }
        return Report.median(v);
    }

    private long errors() {
        return byTarget.values().stream()
                .flatMap(List::stream)
                .mapToLong(Load.Result::errors)
                .sum();
    }

    private String fig(String t) {
        return Report.rate(median(t, Load.Result::throughput)) + ", p50 " + Report.ms(median(t, Load.Result::p50))
                + ", p99 " + Report.ms(median(t, Load.Result::p99));
    }

    private String summary(String t) {
        return t + ": " + fig(t);
    }
}
