package io.mcphub.coordinator.routing;

import io.mcphub.coordinator.SessionPlacements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Established placements: (client session, server) to node. An entry never moves while its node is healthy,
 * whatever joins or leaves; it expires after {@code stickySessionTimeout} without use (a sliding timeout), and
 * the table holds at most {@code maxEntries}, dropping the least recently used when full.
 *
 * <p><b>Threading:</b> lock-free reads and writes; eviction is serialized. <b>Nullability:</b> {@link #get} returns
 * null when there is no placement; {@link #placements} returns null for a session with none.
 */
final class AffinityTable implements SessionPlacements {
    private static final class Entry {
        final String nodeId;
        volatile long lastUsedMillis;

        Entry(String nodeId, long now) {
            this.nodeId = nodeId;
            this.lastUsedMillis = now;
        }
    }

    private final Map<String, Map<String, Entry>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Duration idleTimeout;
    private final int maxEntries;
    private final Clock clock;

    AffinityTable(Duration idleTimeout, int maxEntries) {
        this(idleTimeout, maxEntries, Clock.systemUTC());
    }

    /** @param clock the engine's clock (the scheduler's); tests move it by hand */
    AffinityTable(Duration idleTimeout, int maxEntries, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The node a session's server is placed on, refreshing its timeout; null when there is none. */
    String get(String sessionId, String server) {
        Map<String, Entry> servers = bySession.get(sessionId);
        Entry e = servers == null ? null : servers.get(server);
        if (e == null) {
            return null;
        }
        long now = clock.millis();
        if (now - e.lastUsedMillis > idleTimeout.toMillis()) {
            remove(sessionId, server, e);
            return null;
        }
        e.lastUsedMillis = now;
        return e.nodeId;
    }

    /** The node a session's server is placed on, without touching its timeout; null when there is none. */
    String peek(String sessionId, String server) {
        Map<String, Entry> servers = bySession.get(sessionId);
        Entry e = servers == null ? null : servers.get(server);
        return e == null ? null : e.nodeId;
    }

    /** How many (session, server) placements are on {@code nodeId}. */
    int placedOn(String nodeId) {
        int n = 0;
        for (Map<String, Entry> servers : bySession.values()) {
            for (Entry e : servers.values()) {
                if (e.nodeId.equals(nodeId)) {
                    n++;
                }
            }
        }
        return n;
    }

    void put(String sessionId, String server, String nodeId) {
        if (size.get() >= maxEntries) {
            evictOldest();
        }
        Entry previous = bySession
                .computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>())
                .put(server, new Entry(nodeId, clock.millis()));
        if (previous == null) {
            size.incrementAndGet();
        }
    }

    void remove(String sessionId, String server) {
        Map<String, Entry> servers = bySession.get(sessionId);
        if (servers != null && servers.remove(server) != null) {
            size.decrementAndGet();
        }
    }

    private void remove(String sessionId, String server, Entry e) {
        Map<String, Entry> servers = bySession.get(sessionId);
        if (servers != null && servers.remove(server, e)) {
            size.decrementAndGet();
        }
    }

    void removeSession(String sessionId) {
        Map<String, Entry> servers = bySession.remove(sessionId);
        if (servers != null) {
            size.addAndGet(-servers.size());
        }
    }

    /** Drops entries idle past the timeout. */
    void sweep() {
        long cutoff = clock.millis() - idleTimeout.toMillis();
        bySession.forEach((sid, servers) -> {
            servers.forEach((server, e) -> {
                if (e.lastUsedMillis < cutoff) {
                    remove(sid, server, e);
                }
            });
            if (servers.isEmpty()) {
                bySession.remove(sid, servers);
            }
        });
    }

    /** Full: drop the least recently used tenth, so that eviction is rare rather than per insert. */
    private synchronized void evictOldest() {
        if (size.get() < maxEntries) {
            return;
        }
        List<Long> times = new ArrayList<>();
        bySession.values().forEach(m -> m.values().forEach(e -> times.add(e.lastUsedMillis)));
        times.sort(null);
        long cutoff = times.get(Math.max(0, Math.min(times.size() - 1, times.size() / 10)));
        bySession.forEach((sid, servers) -> servers.forEach((server, e) -> {
            if (e.lastUsedMillis <= cutoff) {
                remove(sid, server, e);
            }
        }));
    }

    int size() {
        return size.get();
    }

    @Override
    public List<Placement> placements(String sessionId) {
        Map<String, Entry> servers = bySession.get(sessionId);
        if (servers == null) {
            return null;
        }
        List<Placement> out = new ArrayList<>();
        servers.forEach(
                (server, e) -> out.add(new Placement(server, e.nodeId, Instant.ofEpochMilli(e.lastUsedMillis))));
        out.sort(Comparator.comparing(Placement::server));
        return out;
    }

    @Override
    public int sessionCount() {
        return bySession.size();
    }
}
