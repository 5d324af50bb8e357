package io.mcphub.metrics;

import io.mcphub.session.ClientSession;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's gauges, set when a scrape asks: client sessions open by era and transport, and each server's state
 * and restarts. One pass over the sessions per scrape (10,000 sessions cost well under a millisecond).
 */
public final class EngineGauges {
    private final MultiGauge sessions;
    private final MultiGauge up;
    private final MultiGauge restarts;
    private final Supplier<? extends Collection<ClientSession>> openSessions;
    private final Supplier<? extends Collection<Upstream>> servers;

    private EngineGauges(
            HubMetrics metrics,
            Supplier<? extends Collection<ClientSession>> openSessions,
            Supplier<? extends Collection<Upstream>> servers) {
        this.openSessions = openSessions;
        this.servers = servers;
        this.sessions = MultiGauge.builder("mcphub.sessions.open")
                .description("Client sessions open, by protocol version (era) and transport")
                .register(metrics.registry());
        this.up = MultiGauge.builder("mcphub.upstream.up")
                .description("1 when the server is connected, else 0; the state label says which state")
                .register(metrics.registry());
        this.restarts = MultiGauge.builder("mcphub.upstream.restarts")
                .description("How many times the server's connection was lost and restarted")
                .register(metrics.registry());
    }

    /** Registers the gauges and their refresh on {@code metrics}; nothing when metrics are off. */
    public static void install(
            HubMetrics metrics,
            Supplier<? extends Collection<ClientSession>> openSessions,
            Supplier<? extends Collection<Upstream>> servers) {
        if (!metrics.enabled()) {
            return;
        }
        EngineGauges g = new EngineGauges(metrics, openSessions, servers);
        metrics.beforeScrape(g::refresh);
    }

    private void refresh() {
        Map<Tags, Integer> counts = new HashMap<>();
        for (ClientSession s : openSessions.get()) {
            String version = s.protocolVersion() == null ? "" : s.protocolVersion();
            counts.merge(Tags.of("mcp.protocol.version", version, "network.transport", transport(s)), 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
        sessions.register(rows, true);
        List<MultiGauge.Row<?>> upRows = new ArrayList<>();
        List<MultiGauge.Row<?>> restartRows = new ArrayList<>();
        for (Upstream u : servers.get()) {
            UpstreamStatus st = u.status();
            upRows.add(MultiGauge.Row.of(
                    Tags.of("mcphub.server", u.name(), "state", st.state().label()), st.connected() ? 1 : 0));
            restartRows.add(MultiGauge.Row.of(Tags.of("mcphub.server", u.name()), st.restarts()));
        }
        up.register(upRows, true);
        restarts.register(restartRows, true);
    }

    /** OpenTelemetry's {@code network.transport} is tcp/udp...; the MCP transport is what an operator looks for. */
    static String transport(ClientSession s) {
        return s.transport() == ClientSession.Transport.LEGACY_SSE
                ? "sse"
                : s.transport().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
