package io.mcphub.coordinator.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.Secrets;
import io.mcphub.config.ClusterConfig;
import io.mcphub.jsonrpc.Json;
import io.mcphub.spi.NodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's node registry: the node protocol's three calls (secret-checked), each node's health
 * ({@code HEALTHY -> SUSPECT | UNHEALTHY -> removed}, see {@code docs/cluster-protocol.md}) and the {@link ClusterView}
 * routing reads.
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
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Duration nodeTimeout;
    private final Duration cleanupInterval;
    private final String secret;
    private final Clock clock;
    private final int maxNodes;
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** The current records, with the latest heartbeat times and loads; guarded by {@link #lock}. */
    private final Map<String, NodeRecord> records = new LinkedHashMap<>();
    private volatile ClusterView view = ClusterView.EMPTY;
    private ScheduledExecutorService sweeper;

    public NodeRegistry(ClusterConfig.Coordinator timing, String secret, Clock clock) {
        this(timing, secret, clock, DEFAULT_MAX_NODES);
    }

    /** @param secret the cluster secret every node call must carry; calls are refused when it is null or empty */
    public NodeRegistry(ClusterConfig.Coordinator timing, String secret, Clock clock, int maxNodes) {
        this.nodeTimeout = Objects.requireNonNull(timing.nodeTimeout());
        this.cleanupInterval = Objects.requireNonNull(timing.cleanupInterval());
        this.secret = secret;
        this.clock = Objects.requireNonNull(clock);
        if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be at least 1");
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
            if (r == null || r.health() != NodeHealth.HEALTHY) return;
            log.warn("Marking node {} as suspect: {}", nodeId, reason);
            records.put(nodeId, withHealth(r, NodeHealth.SUSPECT, clock.instant()));
            publish();
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

    /** {@code POST /api/cluster/register}. */
    public ApiResponse register(ApiRequest request) {
        ApiResponse refused = checkSecret(request);
        if (refused != null) return refused;
        NodeReports.Registration reg;
        try {
            reg = NodeReports.registration(request.body());
        } catch (NodeReports.Invalid e) {
            return ApiResponse.error(400, "Invalid registration: " + e.getMessage());
        }
        return register(reg);
    }

    /** Registers (or replaces) a node from a validated body. */
    public ApiResponse register(NodeReports.Registration reg) {
        synchronized (lock) {
            if (!records.containsKey(reg.id()) && records.size() >= maxNodes) {
                log.warn("Refusing node {}: the cluster already has {} nodes", reg.id(), maxNodes);
                return ApiResponse.error(503, "The coordinator already has the maximum of " + maxNodes + " nodes");
            }
            Instant now = clock.instant();
            Map<String, ServerReplica> servers = new LinkedHashMap<>();
            for (NodeReports.ServerReport s : reg.servers()) {
                servers.put(s.name(), new ServerReplica(s.name(), s.status(), s.catalogVersion(), s.catalog()));
            }
            records.put(reg.id(), new NodeRecord(reg.id(), reg.name(), reg.url(), reg.weight(), NodeHealth.HEALTHY, now, now,
                    now, Map.copyOf(servers), reg.load().sessions(), reg.load().inFlight()));
            log.info("Node registered: {} ({}) with {} servers", reg.name(), reg.id(), servers.size());
            publish();
        }
        ObjectNode data = Json.object().put("nodeId", reg.id()).put("heartbeatInterval", reg.heartbeatInterval());
        return ApiResponse.ok(data);
    }

    /** {@code POST /api/cluster/heartbeat}. */
    public ApiResponse heartbeat(ApiRequest request) {
        ApiResponse refused = checkSecret(request);
        if (refused != null) return refused;
        NodeReports.Heartbeat hb;
        try {
            hb = NodeReports.heartbeat(request.body());
        } catch (NodeReports.Invalid e) {
            return ApiResponse.error(400, "Invalid heartbeat: " + e.getMessage());
        }
        return heartbeat(hb);
    }

    /** Records a validated heartbeat; answers with the servers whose catalogs the coordinator lacks. */
    public ApiResponse heartbeat(NodeReports.Heartbeat hb) {
        List<String> needCatalog = new ArrayList<>();
        synchronized (lock) {
            NodeRecord r = records.get(hb.id());
            if (r == null) {
                return ApiResponse.error(404, "unknown node " + hb.id(), Json.object().put("known", false));
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
                if (!held.catalogVersion().equals(s.catalogVersion())) needCatalog.add(s.name()); // keep the old catalog until then
                if (!held.status().equals(s.status())) {
                    held = new ServerReplica(held.server(), s.status(), held.catalogVersion(), held.catalog());
                    changed = true;
                }
                servers.put(s.name(), held);
            }
            if (servers.size() != r.servers().size()) changed = true; // a server the node no longer runs
            NodeHealth was = r.health();
            if (was != NodeHealth.HEALTHY) {
                log.info("Node {} is healthy again (was {}, last heartbeat: {})", r.id(), was.name().toLowerCase(java.util.Locale.ROOT),
                        ISO_MILLIS.format(r.lastHeartbeat()));
                changed = true;
            }
            NodeRecord next = new NodeRecord(r.id(), r.name(), r.url(), r.weight(), NodeHealth.HEALTHY, now, r.registeredAt(),
                    was == NodeHealth.HEALTHY ? r.healthSince() : now, changed ? Map.copyOf(servers) : r.servers(),
                    hb.load().sessions(), hb.load().inFlight());
            records.put(r.id(), next);
            if (changed) publish();
        }
        ObjectNode data = Json.object().put("known", true);
        var need = data.putArray("needCatalog");
        needCatalog.forEach(need::add);
        return ApiResponse.ok(data);
    }

    /** {@code POST /api/cluster/deregister}: forgets the node; 200 also when it was not known. */
    public ApiResponse deregister(ApiRequest request) {
        ApiResponse refused = checkSecret(request);
        if (refused != null) return refused;
        String id;
        try {
            id = NodeReports.nodeId(request.body());
        } catch (NodeReports.Invalid e) {
            return ApiResponse.error(400, "Invalid deregistration: " + e.getMessage());
        }
        return ApiResponse.ok(Json.object().put("nodeId", id).put("removed", deregister(id)));
    }

    /** Forgets a node at its own request; false when it was not known. */
    public boolean deregister(String id) {
        synchronized (lock) {
            NodeRecord r = records.remove(id);
            if (r == null) return false;
            log.info("Node deregistered: {} ({})", r.name(), r.id());
            publish();
            return true;
        }
    }

    // ---- health ----

    /**
     * One pass of the health state machine at the clock's time: a {@code HEALTHY} node without a heartbeat for
     * {@code nodeTimeout} becomes {@code UNHEALTHY}; a {@code SUSPECT} or {@code UNHEALTHY} one that stayed so for
     * {@code cleanupInterval} is removed. The sweeper calls this; tests call it with a clock of their own.
     */
    public void sweep() {
        synchronized (lock) {
            Instant now = clock.instant();
            boolean changed = false;
            for (var it = records.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                NodeRecord r = e.getValue();
                if (r.health() == NodeHealth.HEALTHY) {
                    if (!now.isBefore(r.lastHeartbeat().plus(nodeTimeout))) {
                        log.warn("Marking node {} as unhealthy (last heartbeat: {})", r.id(), ISO_MILLIS.format(r.lastHeartbeat()));
                        e.setValue(withHealth(r, NodeHealth.UNHEALTHY, now));
                        changed = true;
                    }
                } else if (!now.isBefore(r.healthSince().plus(cleanupInterval))) {
                    log.warn("Removing node {} ({}): {} since {}, last heartbeat: {}", r.id(), r.name(),
                            r.health().name().toLowerCase(java.util.Locale.ROOT), ISO_MILLIS.format(r.healthSince()),
                            ISO_MILLIS.format(r.lastHeartbeat()));
                    it.remove();
                    changed = true;
                }
            }
            if (changed) publish();
        }
    }

    /** The sweeper's period: a quarter of the shorter of nodeTimeout and cleanupInterval, at least 100 ms. */
    public Duration sweepPeriod() {
        Duration shorter = nodeTimeout.compareTo(cleanupInterval) <= 0 ? nodeTimeout : cleanupInterval;
        Duration quarter = shorter.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : quarter;
    }

    /** Starts sweeping every {@link #sweepPeriod()} on a daemon thread of its own. */
    public synchronized void startSweeper() {
        if (sweeper != null) return;
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcphub-node-registry-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = sweepPeriod().toMillis();
        sweeper.scheduleAtFixedRate(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.error("node registry sweep failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the sweeper; the registry keeps answering. */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    // ---- internals ----

    private ApiResponse checkSecret(ApiRequest request) {
        if (Secrets.matches(request.header(Secrets.CLUSTER_HEADER), secret)) return null;
        return ApiResponse.error(401, "Unauthorized: a valid " + Secrets.CLUSTER_HEADER + " header is required");
    }

    private static NodeRecord withHealth(NodeRecord r, NodeHealth health, Instant since) {
        return new NodeRecord(r.id(), r.name(), r.url(), r.weight(), health, r.lastHeartbeat(), r.registeredAt(), since,
                r.servers(), r.sessions(), r.inFlight());
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
