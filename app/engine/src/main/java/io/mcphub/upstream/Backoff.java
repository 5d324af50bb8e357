package io.mcphub.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter for restarts: 1 s, 2 s, 4 s ... up to a cap; reset after a good connection. */
final class Backoff {
    private final long baseMs;
    private final long capMs;
    private int attempt;

    Backoff(Duration base, Duration cap) {
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
    }

    synchronized Duration next() {
        long ms = Math.min(capMs, baseMs << Math.min(attempt, 20));
        attempt++;
        // jitter keeps many hubs restarting one shared remote server from arriving in lockstep
        long jitter = ms / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(ms / 5);
        return Duration.ofMillis(ms - jitter);
    }

    synchronized void reset() {
        attempt = 0;
    }
}
