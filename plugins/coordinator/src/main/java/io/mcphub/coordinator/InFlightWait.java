package io.mcphub.coordinator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The middle of a coordinator's clean stop: waits, at most {@code timeout}, until no client request is in flight,
 * so that the HTTP server stops under none of them. Requests that arrive meanwhile (a load balancer that has not yet
 * seen readiness turn 503) are served and waited for too; and the wait lasts at least {@value #GRACE_MS} ms (or the
 * whole timeout, when shorter), so that a load balancer polling readiness has taken the coordinator out before its
 * port closes.
 */
final class InFlightWait implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InFlightWait.class);
    private static final long POLL_MS = 20;
    static final long GRACE_MS = 1000;

    private final IntSupplier inFlight;
    private final Duration timeout;

    InFlightWait(IntSupplier inFlight, Duration timeout) {
        this.inFlight = inFlight;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long graceEnd = start + Math.min(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(GRACE_MS));
        int left = inFlight.getAsInt();
        try {
            while ((left > 0 || System.nanoTime() < graceEnd) && System.nanoTime() < deadline) {
                // nothing tells when the last request ends: look again shortly
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
                left = inFlight.getAsInt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (left > 0) {
            log.warn("Coordinator stopping with {} requests still in flight after {} ms", left, timeout.toMillis());
        } else {
            log.info("Coordinator stopping: no request in flight");
        }
    }
}
