package io.mcphub.coordinator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The middle of a coordinator's clean stop: waits, at most {@code timeout}, until no client request is in flight,
 * so that the HTTP server stops under none of them. Requests that arrive meanwhile (a load balancer that has not yet
 * seen readiness turn 503) are served and waited for too.
 */
final class InFlightWait implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InFlightWait.class);
    private static final long POLL_MS = 20;

    private final IntSupplier inFlight;
    private final Duration timeout;

    InFlightWait(IntSupplier inFlight, Duration timeout) {
        this.inFlight = inFlight;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left = inFlight.getAsInt();
        try {
            while (left > 0 && System.nanoTime() < deadline) {
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
