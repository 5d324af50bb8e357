package io.mcphub.coordinator.registry;

import io.mcphub.coordinator.CoordinatorConfig;
import io.mcphub.coordinator.registry.NodeLifecycle.Event;
import io.mcphub.coordinator.registry.NodeLifecycle.Next;
import io.mcphub.spi.NodeHealth;
import io.mcphub.upstream.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's node registry: the registered nodes, each one's health ({@link NodeLifecycle}: every transition
 * is there), and the {@link ClusterView} routing reads. It knows nothing of HTTP: {@link RegistrationApi} checks the
 * secret, reads the bodies and renders the {@link RegistryAnswer}s.
 *
 * <p>All changes happen under one lock. The view is rebuilt, swapped (volatile) and given to the listeners only when
 * something routing cares about changes: membership, health, a node's identity, its servers, their status or
 * catalog version. A heartbeat that changes none of that (the usual one) updates the node's record, its
 * {@code lastHeartbeat} and load, in O(1) without a new view; so in {@link #view()} those three fields are as of the
 * last change, and {@link #nodes()} / {@link #node(String)} have the current ones.
 */
public final class NodeRegistry implements ClusterMembership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    public static final int DEFAULT_MAX_NODES = 10_000;
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Duration nodeTimeout;
    private final Duration cleanupInterval;
    private final Clock clock;
    private final int maxNodes;
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** The current records, with the latest heartbeat times and loads; guarded by {@link #lock}. */
    private final Map<String, NodeRecord> records = new LinkedHashMap<>();

    private volatile ClusterView view = ClusterView.EMPTY;
    private ScheduledFuture<?> sweeper;

    public NodeRegistry(CoordinatorConfig timing, Clock clock) {
        this(timing, clock, DEFAULT_MAX_NODES);
    }

    public NodeRegistry(CoordinatorConfig timing, Clock clock, int maxNodes) {
        this.nodeTimeout = Objects.requireNonNull(timing.nodeTimeout());
        this.cleanupInterval = Objects.requireNonNull(timing.cleanupInterval());
        this.clock = Objects.requireNonNull(clock);
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be at least 1");
        }
        this.maxNodes = maxNodes;
    }

    // ---- ClusterMembership ----

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public void addListener(Consumer<ClusterView> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void suspect(String nodeId, String reason) {
        synchronized (lock) {
            NodeRecord r = records.get(nodeId);
            if (r != null && transition(r, Event.SUSPECTED, clock.instant(), reason)) {
                publish();
            }
        }
    }

    // ---- reading ----

    /** Every node, in registration order, with its latest heartbeat time and load. */
    public List<NodeRecord> nodes() {
        synchronized (lock) {
            return List.copyOf(records.values());
        }
    }

    /** One node with its latest heartbeat time and load; null when unknown. */
    public NodeRecord node(String id) {
        synchronized (lock) {
            return records.get(id);
        }
    }

    // ---- the node protocol ----

    /**
     * Registers a node, or replaces its record: a restart, a node that was unhealthy or removed, catalogs the
     * coordinator asked for. Refused when another live node (healthy or suspect) holds the id from another URL.
     */
    public RegistryAnswer register(NodeReports.Registration reg) {
        synchronized (lock) {
            NodeRecord held = records.get(reg.id());
            if (held == null && records.size() >= maxNodes) {
                log.warn("Refusing node {}: the cluster already has {} nodes", reg.id(), maxNodes);
                return new RegistryAnswer.Full(maxNodes);
            }
            if (held != null && heldByAnother(held, reg.url())) {
                log.warn(
                        "Refusing node {} at {}: the id is registered by the live node at {}; each node needs a"
                                + " distinct systemConfig.cluster.node.id",
                        reg.id(),
                        reg.url(),
                        held.url());
                return new RegistryAnswer.IdTaken(reg.id(), held.url());
            }
            Instant now = clock.instant();
            Map<String, ServerReplica> servers = new LinkedHashMap<>();
            for (NodeReports.ServerReport s : reg.servers()) {
                servers.put(s.name(), new ServerReplica(s.name(), s.status(), s.catalogVersion(), s.catalog()));
            }
            // REGISTERED always makes a fresh, healthy record (NodeLifecycle); a drain asked for the node at this
            // URL survives it (a node registers again when the coordinator asks for catalogs)
            boolean draining = held != null && held.url().equals(reg.url()) && held.draining();
            records.put(
                    reg.id(),
                    new NodeRecord(
                            reg.id(),
                            reg.name(),
                            reg.url(),
                            reg.weight(),
                            NodeHealth.HEALTHY,
                            now,
                            now,
                            now,
                            Map.copyOf(servers),
                            reg.load().sessions(),
                            reg.load().inFlight(),
                            draining));
            log.info("Node registered: {} ({}) with {} servers", reg.name(), reg.id(), servers.size());
            publish();
        }
        return new RegistryAnswer.Registered(reg.id(), reg.heartbeatInterval());
    }

    /** Records a heartbeat; the answer lists the servers whose catalogs the coordinator lacks. */
    public RegistryAnswer heartbeat(NodeReports.Heartbeat hb) {
        List<String> needCatalog = new ArrayList<>();
        synchronized (lock) {
            NodeRecord r = records.get(hb.id());
            if (r != null && hb.url() != null && !hb.url().equals(r.url())) {
                if (heldByAnother(r, hb.url())) {
                    log.warn(
                            "Refusing a heartbeat of node {} from {}: the id is registered by the live node at {}",
                            hb.id(),
                            hb.url(),
                            r.url());
                    return new RegistryAnswer.IdTaken(hb.id(), r.url());
                }
                r = null; // the id's holder is dead: to this node, the id is free, so it registers
            }
            if (r == null) {
                return new RegistryAnswer.UnknownNode(hb.id());
            }
            Instant now = clock.instant();
            boolean changed = false;
            Map<String, ServerReplica> servers = new LinkedHashMap<>();
            for (NodeReports.ServerReport s : hb.servers()) {
                ServerReplica held = r.servers().get(s.name());
                if (held == null) {
                    needCatalog.add(s.name()); // a new server: it joins the view with its catalog, at the next register
                    continue;
                }
                String status = s.status();
                if (!held.catalogVersion().equals(s.catalogVersion())) {
                    needCatalog.add(s.name()); // keep the old catalog until then
                    if (!held.connected()) {
                        // a server that connected since its node registered (a node that just started) serves from
                        // the cluster's view only once its catalog is in: with the old one (often empty) it would
                        // outvote the replicas that list everything, and the coordinator would answer "not found"
                        status = held.status();
                    }
                }
                if (!held.status().equals(status)) {
                    held = new ServerReplica(held.server(), status, held.catalogVersion(), held.catalog());
                    changed = true;
                }
                servers.put(s.name(), held);
            }
            if (servers.size() != r.servers().size()) {
                changed = true; // a server the node no longer runs
            }
            NodeRecord beat = new NodeRecord(
                    r.id(),
                    r.name(),
                    r.url(),
                    r.weight(),
                    r.health(),
                    now,
                    r.registeredAt(),
                    r.healthSince(),
                    changed ? Map.copyOf(servers) : r.servers(),
                    hb.load().sessions(),
                    hb.load().inFlight(),
                    r.draining());
            records.put(r.id(), beat);
            // the record's lastHeartbeat is now; the log line says when the one before it came
            changed |= transition(r, beat, Event.HEARTBEAT, now, null);
            if (changed) {
                publish();
            }
        }
        return new RegistryAnswer.Beat(needCatalog);
    }

    /** Forgets a node at its own request. */
    public RegistryAnswer deregister(String id) {
        synchronized (lock) {
            NodeRecord r = records.get(id);
            boolean removed = r != null && transition(r, Event.DEREGISTERED, clock.instant(), null);
            if (removed) {
                publish();
            }
            return new RegistryAnswer.Deregistered(id, removed);
        }
    }

    // ---- drain ----

    /**
     * Starts or ends a node's drain: a draining node takes no new placements, and routing moves its sessions to
     * other replicas at their next request. A new view is published when the flag changes.
     *
     * @return the node's record after the change; null when the node is unknown
     */
    public NodeRecord drain(String id, boolean on) {
        synchronized (lock) {
            NodeRecord r = records.get(id);
            if (r == null) {
                return null;
            }
            if (r.draining() == on) {
                return r;
            }
            NodeRecord next = r.draining(on);
            records.put(id, next);
            log.info(on ? "Draining node {} ({})" : "Node {} ({}) takes placements again", r.id(), r.name());
            publish();
            return next;
        }
    }

    // ---- health ----

    /**
     * One pass of the clock's events at the clock's time: a {@code HEALTHY} node without a heartbeat for
     * {@code nodeTimeout} is overdue; a {@code SUSPECT} or {@code UNHEALTHY} one that stayed so for
     * {@code cleanupInterval} is due for cleanup. The sweeper calls this; tests call it with a clock of their own.
     */
    public void sweep() {
        synchronized (lock) {
            Instant now = clock.instant();
            boolean changed = false;
            for (NodeRecord r : List.copyOf(records.values())) {
                Event due = dueEvent(r, now);
                if (due != null) {
                    changed |= transition(r, due, now, null);
                }
            }
            if (changed) {
                publish();
            }
        }
    }

    /** The event the passing of time has made due for this record, or null. */
    private Event dueEvent(NodeRecord r, Instant now) {
        if (r.health() == NodeHealth.HEALTHY) {
            return now.isBefore(r.lastHeartbeat().plus(nodeTimeout)) ? null : Event.HEARTBEAT_OVERDUE;
        }
        return now.isBefore(r.healthSince().plus(cleanupInterval)) ? null : Event.CLEANUP_DUE;
    }

    /** The sweeper's period: a quarter of the shorter of nodeTimeout and cleanupInterval, at least 100 ms. */
    public Duration sweepPeriod() {
        Duration shorter = nodeTimeout.compareTo(cleanupInterval) <= 0 ? nodeTimeout : cleanupInterval;
        Duration quarter = shorter.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : quarter;
    }

    /** Sweeps every {@link #sweepPeriod()} on {@code scheduler} (the engine's timer: a sweep does not block). */
    public synchronized void startSweeper(Scheduler scheduler) {
        if (sweeper != null) {
            return;
        }
        long period = sweepPeriod().toMillis();
        sweeper = scheduler.every(
                () -> {
                    try {
                        sweep();
                    } catch (RuntimeException e) {
                        log.error("node registry sweep failed", e);
                    }
                },
                Duration.ofMillis(period));
    }

    /** Stops the sweeper; the registry keeps answering. */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    // ---- internals ----

    /** Whether a node at {@code url} would take an id that a live node elsewhere holds. */
    private static boolean heldByAnother(NodeRecord held, String url) {
        return !held.url().equals(url) && held.health() != NodeHealth.UNHEALTHY;
    }

    private boolean transition(NodeRecord r, Event event, Instant now, String reason) {
        return transition(r, r, event, now, reason);
    }

    /**
     * Applies {@code event} to {@code was} (the record before the event) and stores the outcome over
     * {@code current} (the same record, or one with the event's news); logs the transition. Under {@link #lock}.
     *
     * @return true when the node's health or membership changed
     */
    private boolean transition(NodeRecord was, NodeRecord current, Event event, Instant now, String reason) {
        Next next = NodeLifecycle.next(was.health(), event);
        switch (next.kind()) {
            case STAY:
                return false;
            case BECOME:
                logBecoming(was, next.health(), reason);
                records.put(was.id(), withHealth(current, next.health(), now));
                return true;
            case REMOVE:
                logRemoval(was, event);
                records.remove(was.id());
                return true;
            default:
                throw new IllegalStateException(next.toString());
        }
    }

    private static void logBecoming(NodeRecord was, NodeHealth health, String reason) {
        switch (health) {
            case SUSPECT -> log.warn("Marking node {} as suspect: {}", was.id(), reason);
            case UNHEALTHY ->
                log.warn(
                        "Marking node {} as unhealthy (last heartbeat: {})",
                        was.id(),
                        ISO_MILLIS.format(was.lastHeartbeat()));
            case HEALTHY ->
                log.info(
                        "Node {} is healthy again (was {}, last heartbeat: {})",
                        was.id(),
                        lower(was.health()),
                        ISO_MILLIS.format(was.lastHeartbeat()));
        }
    }

    private static void logRemoval(NodeRecord was, Event event) {
        if (event == Event.DEREGISTERED) {
            log.info("Node deregistered: {} ({})", was.name(), was.id());
        } else {
            log.warn(
                    "Removing node {} ({}): {} since {}, last heartbeat: {}",
                    was.id(),
                    was.name(),
                    lower(was.health()),
                    ISO_MILLIS.format(was.healthSince()),
                    ISO_MILLIS.format(was.lastHeartbeat()));
        }
    }

    private static String lower(NodeHealth h) {
        return h.name().toLowerCase(Locale.ROOT);
    }

    private static NodeRecord withHealth(NodeRecord r, NodeHealth health, Instant since) {
        return new NodeRecord(
                r.id(),
                r.name(),
                r.url(),
                r.weight(),
                health,
                r.lastHeartbeat(),
                r.registeredAt(),
                since,
                r.servers(),
                r.sessions(),
                r.inFlight(),
                r.draining());
    }

    /** Swaps in a view of the current records and tells the listeners, in order; under {@link #lock}. */
    private void publish() {
        ClusterView next = new ClusterView(view.version() + 1, records);
        view = next;
        for (Consumer<ClusterView> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.error("cluster view listener failed", e);
            }
        }
    }
}
