package io.mcphub.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.node.CoordinatorClient.Reply;
import io.mcphub.upstream.Backoff;
import io.mcphub.upstream.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's conversation with its coordinator, run as one chain of steps, one at a time: register (retried with
 * {@link Backoff} until the coordinator accepts), then a heartbeat every interval. A heartbeat answered {@code 404}
 * (the coordinator does not know the node), {@code 409} (another node holds the id) or with a non-empty
 * {@code needCatalog} makes the node register again in the same step. A coordinator that cannot be reached, or
 * refuses, is logged once per outage and tried again later. The engine's timer decides when a step runs; the step
 * itself blocks on HTTP, so it runs on the engine's executor for blocking work, never on the timer.
 */
final class HeartbeatSender {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);

    private final NodeIdentity identity;
    private final CoordinatorClient client;
    private final NodeReport report;
    private final Scheduler timer;
    private final Executor blocking;
    private final long intervalMs;
    private final Duration heartbeatTimeout;
    private final Backoff backoff = new Backoff();

    private final Object scheduleLock = new Object();
    private ScheduledFuture<?> next; // guarded by scheduleLock
    /** Held while a step runs: steps never overlap, and pause and stop wait for the one under way. */
    private final ReentrantLock stepLock = new ReentrantLock();

    private final Object interruptLock = new Object();
    private Thread stepping; // the thread running a step, guarded by interruptLock
    private final AtomicBoolean kick = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean paused;
    private volatile boolean needsRegistration;
    private volatile boolean registered;
    private volatile Instant lastAck;
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CompletableFuture<NodeIdentity> firstRegistration = new CompletableFuture<>();
    /** What is wrong with the coordinator since the last success, or null: an outage is logged once. Set by steps. */
    private volatile String trouble;

    HeartbeatSender(
            NodeIdentity identity,
            CoordinatorClient client,
            NodeReport report,
            Scheduler timer,
            Executor blocking,
            Duration interval,
            boolean registerFirst) {
        this.identity = identity;
        this.client = client;
        this.report = report;
        this.timer = timer;
        this.blocking = blocking;
        this.intervalMs = interval.toMillis();
        this.heartbeatTimeout = Duration.ofMillis(Math.max(1000, Math.min(10_000, intervalMs)));
        this.needsRegistration = registerFirst;
    }

    /** Takes the first step now (register, or beat when {@code registerOnStartup} is off). */
    void start() {
        schedule(needsRegistration ? 0 : intervalMs);
    }

    /** No more steps: a step under way is interrupted, and waited for (at most a second). */
    void stop() {
        stopped = true;
        synchronized (scheduleLock) {
            if (next != null) {
                next.cancel(false);
            }
        }
        synchronized (interruptLock) {
            if (stepping != null && stepping != Thread.currentThread()) {
                stepping.interrupt();
            }
        }
        if (!awaitStep(1000)) {
            log.warn("Node {}: a heartbeat step did not stop within 1 s", identity.id());
        }
    }

    /**
     * Sends nothing more until {@link #resume()}; returns once a call under way, if any, has finished (waiting at most
     * the register timeout), so that after this nothing reaches the coordinator.
     */
    void pause() {
        if (!paused) {
            log.info("Node {}: heartbeats paused", identity.id());
        }
        paused = true;
        // a call that hangs longer ends anyway, and nothing more is sent after it
        awaitStep(REGISTER_TIMEOUT.toMillis() + 1000);
    }

    /** Waits until no step runs (at once when called from a step); false when one still runs after the wait. */
    private boolean awaitStep(long millis) {
        try {
            if (!stepLock.tryLock(millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            stepLock.unlock();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void resume() {
        if (paused) {
            log.info("Node {}: heartbeats resumed", identity.id());
        }
        paused = false;
        kick.set(true);
        schedule(0);
    }

    /** Beats now rather than at the next interval: a server's catalog changed and the coordinator should hear it. */
    void beatSoon() {
        if (stopped || paused) {
            return;
        }
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

    String trouble() {
        return trouble;
    }

    CompletableFuture<NodeIdentity> firstRegistration() {
        return firstRegistration;
    }

    private void schedule(long delayMs) {
        synchronized (scheduleLock) {
            if (stopped) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = timer.schedule(this::dispatch, Duration.ofMillis(Math.max(0, delayMs)));
            } catch (RejectedExecutionException e) {
                // the engine is shutting down
            }
        }
    }

    /** On the timer: hands the step to a thread that may block. */
    private void dispatch() {
        try {
            blocking.execute(this::runStep);
        } catch (RejectedExecutionException e) {
            // the engine is shutting down
        }
    }

    private void runStep() {
        stepLock.lock();
        try {
            if (stopped) {
                return;
            }
            synchronized (interruptLock) {
                stepping = Thread.currentThread();
            }
            try {
                step();
            } finally {
                synchronized (interruptLock) {
                    stepping = null;
                    Thread.interrupted(); // an interrupt meant for this step must not reach the pool thread's next task
                }
            }
        } finally {
            stepLock.unlock();
        }
    }

    private void step() {
        kick.set(false);
        long startedNanos = System.nanoTime();
        long delay = intervalMs;
        try {
            if (paused) {
                delay = intervalMs;
            } else if (needsRegistration) {
                delay = register() ? intervalMs : backoff.nextDelayMs();
            } else {
                delay = beat();
                if (delay == intervalMs) {
                    delay -= (System.nanoTime() - startedNanos) / 1_000_000;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.warn("Node {}: heartbeat step failed: {}", identity.id(), e.toString(), e);
        }
        if (kick.getAndSet(false)) {
            delay = 0;
        }
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
            trouble(refusal(reply), reply.status() == 401 || reply.status() == 409);
            return false;
        }
        recovered();
        registered = true;
        needsRegistration = false;
        lastAck = Instant.now();
        registrations.incrementAndGet();
        backoff.reset();
        log.info(
                "Registered with coordinator {}: node {} ({}) with {} servers",
                client.baseUrl(),
                identity.id(),
                identity.name(),
                body.path("servers").size());
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
        if (reply.status() == 404 || reply.status() == 409) {
            if (reply.status() == 404) {
                recovered();
                log.info("Coordinator does not know node {}; registering again", identity.id());
            }
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
        if (need.isArray()) {
            need.forEach(n -> needCatalog.add(n.asText()));
        }
        if (!needCatalog.isEmpty()) {
            log.info("Coordinator asks for the catalogs of {}; registering node {} again", needCatalog, identity.id());
            needsRegistration = true;
            return register() ? intervalMs : backoff.nextDelayMs();
        }
        return intervalMs;
    }

    private static String refusal(Reply reply) {
        return switch (reply.status()) {
            case 401 -> "refused the cluster secret (401: " + reply.message() + ")";
            case 409 -> "refused the node id, which another live node holds (409: " + reply.message() + ")";
            default -> "answered " + reply.status() + " (" + reply.message() + ")";
        };
    }

    /**
     * Logs what is wrong, once per outage and once more whenever it changes kind (unreachable, then a refused id...),
     * so that a new cause is never hidden behind an old one.
     */
    private void trouble(String what, boolean severe) {
        String before = trouble;
        if (before == null || !kind(before).equals(kind(what))) {
            String msg = "Coordinator " + client.baseUrl() + " " + what + " for node " + identity.id()
                    + "; will keep trying";
            if (severe) {
                log.error(msg);
            } else {
                log.warn(msg);
            }
        } else {
            log.debug("Coordinator {} {} for node {}", client.baseUrl(), what, identity.id());
        }
        trouble = what;
    }

    /** The kind of a trouble: its words before the first parenthesis ("is unreachable", "answered 503"...). */
    private static String kind(String what) {
        int paren = what.indexOf('(');
        return paren < 0 ? what : what.substring(0, paren);
    }

    private void recovered() {
        if (trouble != null) {
            log.info("Coordinator {} answers again for node {}", client.baseUrl(), identity.id());
            trouble = null;
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + m;
    }
}
