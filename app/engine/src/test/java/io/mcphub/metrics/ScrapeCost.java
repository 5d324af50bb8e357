package io.mcphub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.session.ClientSession;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a Prometheus scrape costs on a big hub: 100 servers with 10 tools each (1,000 duration series, and errors on
 * a tenth of them) and 10,000 open client sessions of two eras and two transports. A measurement, not a test: run
 * it with {@code java -cp <engine test classpath> io.mcphub.metrics.ScrapeCost} (see README, "Health, readiness and
 * metrics"); it prints the mean and the 99th percentile of a scrape and the size of the exposition.
 */
public final class ScrapeCost {
    private static final int SERVERS = 100;
    private static final int TOOLS = 10;
    private static final int SESSIONS = 10_000;
    private static final int WARMUP = 200;
    private static final int MEASURED = 500;

    private ScrapeCost() {}

    public static void main(String[] args) {
        HubMetrics metrics = new HubMetrics(new MetricsConfig(true, null, List.of()));
        List<Upstream> servers = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            servers.add(new Idle("server-" + i, i % 10 == 0));
        }
        List<ClientSession> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new ClientSession(
                    "session-" + i,
                    i % 4 == 0 ? ClientSession.Transport.LEGACY_SSE : ClientSession.Transport.STREAMABLE_HTTP,
                    EndpointView.global(),
                    16,
                    i % 2 == 0 ? "2025-06-18" : "2025-11-25"));
        }
        EngineGauges.install(metrics, () -> sessions, () -> servers);
        for (int s = 0; s < SERVERS; s++) {
            for (int t = 0; t < TOOLS; t++) {
                Integer error = (s * TOOLS + t) % 10 == 0 ? -32010 : null;
                metrics.operation("tools/call", "server-" + s, "tool-" + t, 1_000_000L * (1 + t), error);
            }
        }
        for (int i = 0; i < WARMUP; i++) {
            metrics.scrape();
        }
        long[] nanos = new long[MEASURED];
        int size = 0;
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            size = metrics.scrape().length();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        long sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        System.out.printf(
                Locale.ROOT,
                "scrape of %d servers (%d duration series), %d sessions: mean %.2f ms, p50 %.2f ms, p99 %.2f ms,"
                        + " %d KB of text%n",
                SERVERS,
                SERVERS * TOOLS,
                SESSIONS,
                sum / (double) MEASURED / 1e6,
                nanos[MEASURED / 2] / 1e6,
                nanos[MEASURED * 99 / 100] / 1e6,
                size / 1024);
    }

    /** A server that is connected (or down) and serves nothing: the scrape reads only its status. */
    private record Idle(String name, boolean down) implements Upstream {
        @Override
        public String type() {
            return "stdio";
        }

        @Override
        public UpstreamStatus status() {
            return new UpstreamStatus(
                    down ? UpstreamStatus.State.DISCONNECTED : UpstreamStatus.State.CONNECTED,
                    down ? "exited" : null,
                    Instant.EPOCH,
                    down ? 3 : 0);
        }

        @Override
        public ServerCatalog catalog() {
            return ServerCatalog.EMPTY;
        }

        @Override
        public PendingCall call(String method, JsonNode params, RequestContext context) {
            throw new UnsupportedOperationException("not called by a scrape");
        }

        @Override
        public void notify(String method, JsonNode params, RequestContext context) {}

        @Override
        public void stop() {}
    }
}
