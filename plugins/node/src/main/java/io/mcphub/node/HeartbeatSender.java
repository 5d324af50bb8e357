package io.mcphub.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.node.CoordinatorClient.Reply;
import io.mcphub.upstream.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's conversation with its coordinator, run as one chain of steps on the plugin's scheduler thread: register
 * (retried with {@link Backoff} until the coordinator answers), then a heartbeat every interval. A heartbeat answered
 * {@code 404} (the coordinator does not know the node) or with a non-empty {@code needCatalog} makes the node register
 * again in the same step. A coordinator that cannot be reached, or refuses, is logged once per outage and tried again
 * on the next beat.
 */
final class HeartbeatSender {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);

    private final NodeIdentity identity;
    private final CoordinatorClient client;
    private final NodeReport report;
    private final ScheduledExecutorService executor;
    private final long intervalMs;
    private final String threadName;
    private final Duration heartbeatTimeout;
    private final Backoff backoff = new Backoff();

    private final Object scheduleLock = new Object();
    private ScheduledFuture<?> next; // guarded by scheduleLock
    private final AtomicBoolean kick = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean paused;
    private volatile boolean needsRegistration;
    private volatile boolean registered;
    private volatile Instant lastAck;
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CompletableFuture<NodeIdentity> firstRegistration = new CompletableFuture<>();
    /** What is wrong with the coordinator since the last success, or null: an outage is logged once. Scheduler thread only. */
    private String trouble;

    HeartbeatSender(NodeIdentity identity, CoordinatorClient client, NodeReport report, ScheduledExecutorService executor,
            Duration interval, boolean registerFirst, String threadName) {
        this.threadName = threadName;
        this.identity = identity;
        this.client = client;
        this.report = report;
        this.executor = executor;
        this.intervalMs = interval.toMillis();
        this.heartbeatTimeout = Duration.ofMillis(Math.max(1000, Math.min(10_000, intervalMs)));
        this.needsRegistration = registerFirst;
    }

    /** Takes the first step now (register, or beat when {@code registerOnStartup} is off). */
    void start() {
        schedule(needsRegistration ? 0 : intervalMs);
    }

    /** No more steps; a step under way is interrupted by the executor's shutdown, which the plugin does. */
    void stop() {
        stopped = true;
        synchronized (scheduleLock) {
            if (next != null) next.cancel(false);
        }
    }

    /**
     * Sends nothing more until {@link #resume()}; returns once a call under way, if any, has finished (waiting at most
     * the register timeout), so that after this nothing reaches the coordinator.
     */
    void pause() {
        if (!paused) log.info("Node {}: heartbeats paused", identity.id());
        paused = true;
        if (Thread.currentThread().getName().equals(threadName)) return;
        try {
            executor.submit(() -> {}).get(REGISTER_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile, or a call that hangs: nothing more will be sent either way once it ends
        }
    }

    void resume() {
        if (paused) log.info("Node {}: heartbeats resumed", identity.id());
        paused = false;
        kick.set(true);
        schedule(0);
    }

    /** Beats now rather than at the next interval: a server's catalog changed and the coordinator should hear it. */
    void beatSoon() {
        if (stopped || paused) return;
        kick.set(true);
        schedule(0);
    }

    boolean paused() {
        return paused;
    }

    boolean registered() {
        return registered;
    }

    Instant lastAck() {
        return lastAck;
    }

    int registrations() {
        return registrations.get();
    }

    int attempts() {
        return attempts.get();
    }

    CompletableFuture<NodeIdentity> firstRegistration() {
        return firstRegistration;
    }

    private void schedule(long delayMs) {
        synchronized (scheduleLock) {
            if (stopped) return;
            if (next != null) next.cancel(false);
            try {
                next = executor.schedule(this::step, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void step() {
        kick.set(false);
        if (stopped) return;
        long startedNanos = System.nanoTime();
        long delay = intervalMs;
        try {
            if (paused) {
                delay = intervalMs;
            } else if (needsRegistration) {
                delay = register() ? intervalMs : backoff.nextDelayMs();
            } else {
                delay = beat();
                if (delay == intervalMs) delay -= (System.nanoTime() - startedNanos) / 1_000_000;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.warn("Node {}: heartbeat step failed: {}", identity.id(), e.toString(), e);
        }
        if (kick.getAndSet(false)) delay = 0;
        schedule(delay);
    }

    /** One registration attempt; true when the coordinator accepted it. */
    private boolean register() throws InterruptedException {
        attempts.incrementAndGet();
        var body = report.register();
        Reply reply;
        try {
            reply = client.register(body, REGISTER_TIMEOUT);
        } catch (IOException e) {
            trouble("is unreachable (" + describe(e) + ")", false);
            return false;
        }
        if (!reply.ok()) {
            trouble(refusal(reply), reply.status() == 401);
            return false;
        }
        recovered();
        registered = true;
        needsRegistration = false;
        lastAck = Instant.now();
        registrations.incrementAndGet();
        backoff.reset();
        log.info("Registered with coordinator {}: node {} ({}) with {} servers", client.baseUrl(), identity.id(),
                identity.name(), body.path("servers").size());
        firstRegistration.complete(identity);
        return true;
    }

    /** One heartbeat, and a registration at once when the answer asks for it; the delay to the next step. */
    private long beat() throws InterruptedException {
        Reply reply;
        try {
            reply = client.heartbeat(report.heartbeat(), heartbeatTimeout);
        } catch (IOException e) {
            trouble("is unreachable (" + describe(e) + ")", false);
            return intervalMs;
        }
        if (reply.status() == 404) {
            recovered();
            log.info("Coordinator does not know node {}; registering again", identity.id());
            registered = false;
            needsRegistration = true;
            return register() ? intervalMs : backoff.nextDelayMs();
        }
        if (!reply.ok()) {
            trouble(refusal(reply), reply.status() == 401);
            return intervalMs;
        }
        recovered();
        lastAck = Instant.now();
        List<String> needCatalog = new ArrayList<>();
        JsonNode need = reply.data().path("needCatalog");
        if (need.isArray()) need.forEach(n -> needCatalog.add(n.asText()));
        if (!needCatalog.isEmpty()) {
            log.info("Coordinator asks for the catalogs of {}; registering node {} again", needCatalog, identity.id());
            needsRegistration = true;
            return register() ? intervalMs : backoff.nextDelayMs();
        }
        return intervalMs;
    }

    private static String refusal(Reply reply) {
        if (reply.status() == 401) return "refused the cluster secret (401: " + reply.message() + ")";
        return "answered " + reply.status() + " (" + reply.message() + ")";
    }

    private void trouble(String what, boolean severe) {
        if (trouble == null) {
            String msg = "Coordinator " + client.baseUrl() + " " + what + " for node " + identity.id()
                    + "; will keep trying";
            if (severe) log.error(msg);
            else log.warn(msg);
        } else {
            log.debug("Coordinator {} {} for node {}", client.baseUrl(), what, identity.id());
        }
        trouble = what;
    }

    private void recovered() {
        if (trouble != null) {
            log.info("Coordinator {} answers again for node {}", client.baseUrl(), identity.id());
            trouble = null;
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }
}
