package io.mcphub.node;

import io.mcphub.mode.ModeContext;
import io.mcphub.mode.ModeHost;
import io.mcphub.mode.ModePlugin;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code node} mode: registers this hub with its coordinator and keeps it registered by heartbeat
 * ({@code docs/cluster-protocol.md}). {@link #stop()} deregisters; {@link #halt()} goes silent as a crash would.
 * {@link #pauseHeartbeats()} and {@link #resumeHeartbeats()} let a test harness cut the node off from its coordinator
 * (a partition) while it keeps serving MCP.
 */
public final class NodePlugin implements ModePlugin {
    private static final Logger log = LoggerFactory.getLogger(NodePlugin.class);
    /** How long {@link #stop()} waits for the coordinator to acknowledge the deregistration. */
    public static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(2);

    /** How often, in heartbeat intervals, the coordinators' names are resolved again. */
    static final int RESOLVE_EVERY_BEATS = 6;

    private final NodeConfig config;
    private final CoordinatorUrls.Resolver resolver;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile NodeIdentity identity;
    private volatile CoordinatorLinks links;
    private volatile HeldSessions held;
    private volatile Executor blocking;

    public NodePlugin(NodeConfig config) {
        this(config, CoordinatorUrls.DNS);
    }

    /** A node whose coordinators' names are resolved by {@code resolver} (tests). */
    NodePlugin(NodeConfig config, CoordinatorUrls.Resolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** The node plugin of a hub started in node mode. */
    public static NodePlugin of(ModeHost runtime) {
        return runtime.plugin()
                .filter(NodePlugin.class::isInstance)
                .map(NodePlugin.class::cast)
                .orElseThrow(() -> new IllegalStateException("this hub does not run in node mode"));
    }

    @Override
    public void start(ModeContext context) {
        List<String> configured = CoordinatorUrls.split(config.coordinatorUrl());
        NodeIdentity id = NodeIdentity.of(
                config.id(), config.name(), config.url(), RouteAddress.url(context.listening(), configured.get(0)));
        identity = id;
        blocking = context.blocking();
        held = new HeldSessions(context);
        held.install(context);
        AtomicReference<CoordinatorLinks> self = new AtomicReference<>();
        NodeReport report = new NodeReport(context, id, config, () -> self.get().urls());
        CoordinatorLinks l = new CoordinatorLinks(
                config.coordinatorUrl(),
                resolver,
                url -> {
                    CoordinatorClient c = new CoordinatorClient(url, context.clusterSecret(), Duration.ofSeconds(2));
                    return new CoordinatorLinks.Link(
                            url,
                            c,
                            new HeartbeatSender(
                                    id,
                                    c,
                                    report,
                                    context.scheduler(),
                                    context.blocking(),
                                    config.heartbeatInterval(),
                                    config.registerOnStartup()));
                },
                context.scheduler(),
                context.blocking(),
                config.heartbeatInterval().multipliedBy(RESOLVE_EVERY_BEATS));
        self.set(l);
        links = l;
        log.info(
                "Node {} ({}) at {}: reporting to coordinator {} every {} ms",
                id.id(),
                id.name(),
                id.url(),
                config.coordinatorUrl(),
                config.heartbeatInterval().toMillis());
        l.start();
        // a server that connects (or drops) after registration is news for the coordinators now, not next beat
        context.addCatalogListener(
                server -> l.all().forEach(link -> link.sender().beatSoon()));
    }

    /**
     * Drains (each coordinator moves the node's sessions to other replicas at their next request; waiting at most
     * {@code drainTimeout}), stops the heartbeats, then deregisters (waiting at most {@link #DEREGISTER_TIMEOUT}).
     */
    @Override
    public void stop() {
        CoordinatorLinks l = links;
        if (!stopped.compareAndSet(false, true) || l == null) {
            return;
        }
        l.stopResolving();
        if (held != null) {
            held.stop();
        }
        List<CoordinatorLinks.Link> all = List.copyOf(l.all());
        if (!config.drainTimeout().isZero()) {
            // every coordinator drains at once: the stop waits for the slowest, not for their sum
            CompletableFuture.allOf(all.stream()
                            .filter(link -> link.sender().registered())
                            .map(link -> CompletableFuture.runAsync(
                                    new SelfDrain(link.client(), identity.id(), config.drainTimeout()), blocking))
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
        all.forEach(link -> link.sender().stop());
        CompletableFuture.allOf(all.stream()
                        .map(link -> CompletableFuture.runAsync(() -> deregister(link.client()), blocking))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    private void deregister(CoordinatorClient client) {
        try {
            CoordinatorClient.Reply reply = client.deregister(identity.id(), DEREGISTER_TIMEOUT);
            if (reply.ok()) {
                log.info("Deregistered node {} from coordinator {}", identity.id(), client.baseUrl());
            } else {
                log.warn(
                        "Coordinator {} refused to deregister node {}: {}",
                        client.baseUrl(),
                        identity.id(),
                        reply.message());
            }
        } catch (IOException e) {
            log.warn(
                    "Could not deregister node {} from coordinator {}: {}",
                    identity.id(),
                    client.baseUrl(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the heartbeats without deregistering: the coordinators find out by the missing heartbeats. */
    @Override
    public void halt() {
        CoordinatorLinks l = links;
        if (!stopped.compareAndSet(false, true) || l == null) {
            return;
        }
        l.stopResolving();
        if (held != null) {
            held.stop();
        }
        l.all().forEach(link -> link.sender().stop());
        log.info("Node {} halted without deregistering", identity.id());
    }

    /**
     * Stops sending anything to the coordinators (heartbeats and registrations) until {@link #resumeHeartbeats()}: a
     * partition, as the coordinators see it. Returns once calls under way have finished, so nothing arrives after.
     */
    public void pauseHeartbeats() {
        requireStarted().all().forEach(link -> link.sender().pause());
    }

    /** Sends a heartbeat (or the pending registration) at once, then carries on at the interval. */
    public void resumeHeartbeats() {
        requireStarted().all().forEach(link -> link.sender().resume());
    }

    public boolean heartbeatsPaused() {
        return requireStarted().all().stream().allMatch(link -> link.sender().paused());
    }

    /** The coordinators this node reports to now (the configured URLs, names with several addresses expanded). */
    public List<String> coordinators() {
        return requireStarted().urls();
    }

    /** This node's id as the coordinator knows it. */
    public String nodeId() {
        return requireIdentity().id();
    }

    /** Id, name and URL as sent in the registration. */
    public NodeIdentity identity() {
        return requireIdentity();
    }

    public NodeConfig config() {
        return config;
    }

    /**
     * True once every coordinator the node reports to accepted a registration, until one says it does not know the
     * node.
     */
    public boolean registered() {
        CoordinatorLinks l = links;
        return l != null && l.registered();
    }

    /** When a coordinator last acknowledged a registration or heartbeat. */
    public Optional<Instant> lastHeartbeatAck() {
        CoordinatorLinks l = links;
        return l == null ? Optional.empty() : l.lastAck();
    }

    /**
     * How many registrations the coordinators accepted (the first, and each after a 404 or a needCatalog), summed
     * over the coordinators.
     */
    public int registrationCount() {
        CoordinatorLinks l = links;
        return l == null
                ? 0
                : l.all().stream()
                        .mapToInt(link -> link.sender().registrations())
                        .sum();
    }

    /**
     * What the coordinator last refused or failed to answer, as logged (e.g. an id another live node holds); empty
     * while all is well.
     */
    public Optional<String> coordinatorTrouble() {
        CoordinatorLinks l = links;
        return l == null ? Optional.empty() : l.trouble();
    }

    /** How many registrations were attempted, successful or not, summed over the coordinators. */
    public int registrationAttempts() {
        CoordinatorLinks l = links;
        return l == null
                ? 0
                : l.all().stream().mapToInt(link -> link.sender().attempts()).sum();
    }

    /** Completes with the identity when a coordinator first accepts the node. */
    public CompletableFuture<NodeIdentity> firstRegistration() {
        return requireStarted().firstRegistration().copy();
    }

    private CoordinatorLinks requireStarted() {
        CoordinatorLinks s = links;
        if (s == null) {
            throw new IllegalStateException("the node plugin has not started");
        }
        return s;
    }

    private NodeIdentity requireIdentity() {
        NodeIdentity i = identity;
        if (i == null) {
            throw new IllegalStateException("the node plugin has not started");
        }
        return i;
    }
}
