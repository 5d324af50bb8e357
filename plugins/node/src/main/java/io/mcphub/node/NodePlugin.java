package io.mcphub.node;

import io.mcphub.mode.ModeContext;
import io.mcphub.mode.ModeHost;
import io.mcphub.mode.ModePlugin;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final NodeConfig config;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile NodeIdentity identity;
    private volatile CoordinatorClient client;
    private volatile HeartbeatSender sender;

    public NodePlugin(NodeConfig config) {
        this.config = config;
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
        NodeIdentity id = NodeIdentity.of(
                config.id(),
                config.name(),
                config.url(),
                RouteAddress.url(context.listening(), config.coordinatorUrl()));
        identity = id;
        client = new CoordinatorClient(config.coordinatorUrl(), context.clusterSecret(), Duration.ofSeconds(2));
        sender = new HeartbeatSender(
                id,
                client,
                new NodeReport(context, id, config),
                context.scheduler(),
                context.blocking(),
                config.heartbeatInterval(),
                config.registerOnStartup());
        log.info(
                "Node {} ({}) at {}: reporting to coordinator {} every {} ms",
                id.id(),
                id.name(),
                id.url(),
                config.coordinatorUrl(),
                config.heartbeatInterval().toMillis());
        sender.start();
        // a server that connects (or drops) after registration is news for the coordinator now, not next beat
        HeartbeatSender started = sender;
        context.addCatalogListener(server -> started.beatSoon());
    }

    /**
     * Drains (the coordinator moves the node's sessions to other replicas at their next request; waiting at most
     * {@code drainTimeout}), stops the heartbeats, then deregisters (waiting at most {@link #DEREGISTER_TIMEOUT}).
     */
    @Override
    public void stop() {
        if (!stopped.compareAndSet(false, true) || sender == null) {
            return;
        }
        if (!config.drainTimeout().isZero() && sender.registered()) {
            new SelfDrain(client, identity.id(), config.drainTimeout()).run();
        }
        sender.stop();
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

    /** Stops the heartbeats without deregistering: the coordinator finds out by the missing heartbeats. */
    @Override
    public void halt() {
        if (!stopped.compareAndSet(false, true) || sender == null) {
            return;
        }
        sender.stop();
        log.info("Node {} halted without deregistering", identity.id());
    }

    /**
     * Stops sending anything to the coordinator (heartbeats and registrations) until {@link #resumeHeartbeats()}: a
     * partition, as the coordinator sees it. Returns once a call under way has finished, so nothing arrives after.
     */
    public void pauseHeartbeats() {
        requireStarted().pause();
    }

    /** Sends a heartbeat (or the pending registration) at once, then carries on at the interval. */
    public void resumeHeartbeats() {
        requireStarted().resume();
    }

    public boolean heartbeatsPaused() {
        return requireStarted().paused();
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

    /** True once the coordinator accepted a registration, until it says it does not know the node. */
    public boolean registered() {
        return sender != null && sender.registered();
    }

    /** When the coordinator last acknowledged a registration or heartbeat. */
    public Optional<Instant> lastHeartbeatAck() {
        return sender == null ? Optional.empty() : Optional.ofNullable(sender.lastAck());
    }

    /** How many registrations the coordinator accepted (the first, and each after a 404 or a needCatalog). */
    public int registrationCount() {
        return sender == null ? 0 : sender.registrations();
    }

    /**
     * What the coordinator last refused or failed to answer, as logged (e.g. an id another live node holds); empty
     * while all is well.
     */
    public Optional<String> coordinatorTrouble() {
        return sender == null ? Optional.empty() : Optional.ofNullable(sender.trouble());
    }

    /** How many registrations were attempted, successful or not. */
    public int registrationAttempts() {
        return sender == null ? 0 : sender.attempts();
    }

    /** Completes with the identity when the coordinator first accepts the node. */
    public CompletableFuture<NodeIdentity> firstRegistration() {
        return requireStarted().firstRegistration().copy();
    }

    private HeartbeatSender requireStarted() {
        HeartbeatSender s = sender;
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
