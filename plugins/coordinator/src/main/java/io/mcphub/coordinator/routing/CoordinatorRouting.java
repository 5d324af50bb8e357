package io.mcphub.coordinator.routing;

import io.mcphub.coordinator.CoordinatorConfig;
import io.mcphub.coordinator.SessionPlacements;
import io.mcphub.coordinator.registry.ClusterMembership;
import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.mode.ModeContext;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The coordinator's routing: federation of the cluster's servers into the hub, placement per (client session,
 * server) with the configured sticky strategy and balancing policy, and the affinity table behind both.
 */
public final class CoordinatorRouting implements SessionPlacements {
    /** Longer than a node's own default timeout, so that the node's answer (even a timeout) comes back first. */
    private static final CallOptions NODE_CALLS = new CallOptions(Duration.ofSeconds(120), false, null);

    private final ModeContext hub;
    private final ClusterMembership membership;
    private final AffinityTable affinity;
    private final Placer placer;
    private final StickyStrategy sticky;
    private final ClusterRouting routing;
    private final String secret;
    private final Duration affinityTimeout;
    private final NodeLoad load = new NodeLoad();
    private final Map<String, LoadBalancer> balancers = new ConcurrentHashMap<>();
    private final Federation federation;
    private final SessionFinder finder;
    private volatile IntSupplier coordinators = () -> 1;
    private volatile ClusterView view = ClusterView.EMPTY;
    private final AtomicReference<ClusterView> latest = new AtomicReference<>();
    private final Scheduler scheduler;
    private ScheduledFuture<?> sweeper;

    public CoordinatorRouting(
            ModeContext hub, ClusterMembership membership, ClusterRouting routing, CoordinatorConfig config) {
        this.hub = hub;
        this.membership = membership;
        this.routing = routing;
        this.sticky = routing.sticky().orElse(null);
        this.secret = hub.clusterSecret();
        this.scheduler = hub.scheduler();
        this.affinityTimeout = config.stickySessionTimeout();
        this.affinity =
                new AffinityTable(config.stickySessionTimeout(), config.maxAffinityEntries(), scheduler.clock());
        this.placer = new Placer(
                sticky == null ? null : affinity,
                new RoutingMetrics(hub.metrics().registry()));
        this.finder = new SessionFinder(secret, () -> coordinators.getAsInt(), scheduler.clock());
        this.federation = new Federation(hub, this::newServer, this::snapshot);
    }

    /** How many coordinators the cluster has (as the nodes report): above one, placements are found on the nodes. */
    public void coordinators(IntSupplier count) {
        this.coordinators = count;
    }

    /** A session another coordinator opened is continued here: its placements are asked of the nodes. */
    public void continued(String sessionId) {
        finder.continued(sessionId);
    }

    public void start() {
        membership.addListener(this::offer);
        apply(membership.view());
        long every = Math.max(1000, Math.min(60_000, affinityTimeout().toMillis() / 4));
        sweeper = scheduler.every(
                () -> {
                    affinity.sweep();
                    finder.sweep(affinityTimeout);
                },
                Duration.ofMillis(every));
    }

    private Duration affinityTimeout() {
        return affinityTimeout;
    }

    /**
     * Takes a new view off the registry's thread and applies only the latest of those that arrive while one is
     * being applied: rebuilding every server's ring per view made a burst of N registrations cost N rebuilds, under
     * the registry's lock.
     */
    private void offer(ClusterView next) {
        if (latest.getAndSet(next) == null) {
            hub.blocking().execute(this::drain);
        }
    }

    private void drain() {
        ClusterView next;
        while ((next = latest.getAndSet(null)) != null) {
            apply(next);
        }
    }

    private synchronized void apply(ClusterView next) {
        if (next.version() < view.version()) {
            return;
        }
        view = next;
        federation.apply(next);
    }

    private ReplicaSet snapshot(String server) {
        return ReplicaSet.build(server, view, load, sticky, balancer(server));
    }

    private LoadBalancer balancer(String server) {
        return balancers.computeIfAbsent(server, s -> routing.newLoadBalancer());
    }

    private ReplicaSetUpstream newServer(String server) {
        ReplicaSetUpstream u = new ReplicaSetUpstream(
                server,
                snapshot(server),
                hub,
                membership,
                placer,
                sticky == null ? null : affinity,
                balancer(server),
                secret,
                NODE_CALLS);
        u.finder(finder);
        return u;
    }

    public void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        federation.stop();
    }

    @Override
    public List<Placement> placements(String sessionId) {
        List<Placement> p = affinity.placements(sessionId);
        // with sticky sessions off, or before its first call, a live session simply has no placements
        return p == null && hub.session(sessionId) != null ? List.of() : p;
    }

    /**
     * How many client sessions the coordinator still has on {@code nodeId}: its open sessions on the node, or, when
     * none is open (sticky placements not yet used), its placements there.
     */
    public int sessionsOn(String nodeId) {
        return Math.max(load.of(nodeId).sessions.get(), affinity.placedOn(nodeId));
    }

    @Override
    public int sessionCount() {
        return affinity.sessionCount();
    }
}
