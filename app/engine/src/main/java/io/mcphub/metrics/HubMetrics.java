package io.mcphub.metrics;

import io.mcphub.mode.ModeApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's metrics (Micrometer, rendered for Prometheus). Off by default: then the registry is an empty composite,
 * whose meters record nothing, so instrumented code costs next to nothing. Gauges whose rows change (sessions by era,
 * servers, nodes) are refreshed by the {@link #beforeScrape} hooks when a scrape asks, not on the hot path.
 * Names follow the OpenTelemetry MCP semantic conventions where they exist ({@code mcp.server.operation.duration}).
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> {@link #token()} is null when the route is open.
 */
@ModeApi
public final class HubMetrics {
    private static final Logger log = LoggerFactory.getLogger(HubMetrics.class);
    /** OpenTelemetry's advice for {@code mcp.server.operation.duration}'s buckets, in seconds. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(200),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300)
    };

    private final MetricsConfig config;
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();
    private final Map<Operation, OperationMeters> operations = new ConcurrentHashMap<>();

    public HubMetrics(MetricsConfig config) {
        this.config = config;
        config.problems().forEach(p -> log.warn("{} (ignored)", p));
        if (config.enabled()) {
            this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.registry = prometheus;
        } else {
            this.prometheus = null;
            this.registry = new CompositeMeterRegistry();
        }
    }

    public static HubMetrics disabled() {
        return new HubMetrics(MetricsConfig.OFF);
    }

    public boolean enabled() {
        return config.enabled();
    }

    public String token() {
        return config.token();
    }

    /** Where meters are registered; a plugin adds its own here (names under {@code mcphub.}). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Runs before every scrape, to set gauges whose rows change; it must be quick and must not block. */
    public void beforeScrape(Runnable refresher) {
        refreshers.add(refresher);
    }

    /** The Prometheus text exposition; empty when metrics are off. */
    public String scrape() {
        if (prometheus == null) {
            return "";
        }
        for (Runnable r : refreshers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("a metrics refresher failed: {}", e.toString());
            }
        }
        return prometheus.scrape();
    }

    /**
     * One MCP request the hub forwarded, as it ended: {@code mcp.server.operation.duration} and, for an error, one
     * count of {@code mcphub.errors} by JSON-RPC code.
     *
     * @param tool the tool's name when the method is {@code tools/call} and the server lists the tool, else ""
     * @param errorCode the JSON-RPC error code the client got, or null for a result
     */
    public void operation(String method, String server, String tool, long nanos, Integer errorCode) {
        if (!config.enabled()) {
            return;
        }
        // found, not built, per request: a meter's builder sorts its tags and looks the id up in the registry
        operations
                .computeIfAbsent(new Operation(method, server, tool, errorCode), this::register)
                .record(nanos);
    }

    /** The labels of one row of {@code mcp.server.operation.duration} (bounded: the tool label is, by its caller). */
    private record Operation(String method, String server, String tool, Integer errorCode) {}

    private OperationMeters register(Operation o) {
        String error = o.errorCode() == null ? "" : o.errorCode().toString();
        Timer duration = Timer.builder("mcp.server.operation.duration")
                .description("MCP request duration as observed on the hub, from its arrival to its answer")
                .tags(Tags.of("mcp.method.name", o.method(), "mcphub.server", o.server(), "gen_ai.tool.name", o.tool())
                        .and("error.type", error))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Counter errors = o.errorCode() == null
                ? null
                : Counter.builder("mcphub.errors")
                        .description("MCP requests answered with a JSON-RPC error, by code")
                        .tags(
                                "mcp.method.name",
                                o.method(),
                                "mcphub.server",
                                o.server(),
                                "rpc.jsonrpc.error_code",
                                error)
                        .register(registry);
        return new OperationMeters(duration, errors);
    }

    private record OperationMeters(Timer duration, Counter errors) {
        void record(long nanos) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
            if (errors != null) {
                errors.increment();
            }
        }
    }
}
