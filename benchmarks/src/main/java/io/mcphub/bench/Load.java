package io.mcphub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The project's own load client: a fixed number of MCP sessions on one endpoint, each initialised once, then
 * {@code tools/call echo} in a closed loop (one request in flight per session, a unique id per request). Latencies
 * are recorded in nanoseconds and sorted for the percentiles.
 */
final class Load implements Target, AutoCloseable {
    private final AtomicReference<String> firstError = new AtomicReference<>();
    final String name;
    final URI url;
    private final HttpClient http;
    private final List<McpSession> sessions = new ArrayList<>();
    /** The proxy in the path whose CPU per request is reported (the coordinator), or null. */
    private final Proc measured;

    Load(String name, URI url, int concurrency) throws Exception {
        this(name, url, concurrency, null);
    }

    /** @param measured a process whose CPU time is read around each run, per answered request; null for none */
    Load(String name, URI url, int concurrency, Proc measured) throws Exception {
        this.name = name;
        this.url = url;
        this.measured = measured;
        // HTTP/1.1, one connection per session in flight (the pool keeps them alive)
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, 8));
        try {
            List<Future<McpSession>> opened = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                opened.add(pool.submit(() -> new McpSession(http, url, Duration.ofSeconds(60)).open()));
            }
            for (Future<McpSession> f : opened) {
                sessions.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Result of one measured window; {@code cpuMsPerRequest} is the measured process's CPU time (user + system) over
     * the window divided by the requests answered in it, NaN when none is measured.
     */
    record Result(String name, long requests, long errors, double seconds, long[] sortedNanos, double cpuMsPerRequest) {
        double throughput() {
            return requests / seconds;
        }

        double cpuUsPerRequest() {
            return cpuMsPerRequest * 1000;
        }

        double percentileMs(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
        }

        double p50() {
            return percentileMs(50);
        }

        double p99() {
            return percentileMs(99);
        }

        @Override
        public String toString() {
            return String.format(
                            "%-12s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  (%d req, %d errors)",
                            name, throughput(), p50(), p99(), requests, errors)
                    + (Double.isNaN(cpuMsPerRequest)
                            ? ""
                            : String.format("  proxy CPU %.0f us/req", cpuUsPerRequest()));
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Warm-up (not recorded), then a measured window. */
    @Override
    public Result run(Duration warmup, Duration window) throws InterruptedException {
        return ClosedLoop.run(
                name,
                sessions.size(),
                warmup,
                window,
                measured,
                i -> sessions.get(i).echo("bench-" + i),
                e -> firstError.compareAndSet(null, Target.describe(e)));
    }

    @Override
    public String firstError() {
        return firstError.get();
    }

    List<McpSession> sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.forEach(McpSession::close);
    }
}
