package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Retry delays: 1 s doubling to 30 s, each jittered to between 80 % and 120 % of its step (never above the cap), so
 * that many hubs that lost the same peer do not all come back in the same millisecond. Used for restarting servers
 * and for a node's registration. Thread-safe.
 */
@ModeApi
public final class Backoff {
    public static final long INITIAL_MS = 1000;
    public static final long MAX_MS = 30_000;

    private final DoubleSupplier random;
    private long step = INITIAL_MS;

    public Backoff() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); tests pass a constant */
    public Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the step up to the cap. */
    public synchronized long nextDelayMs() {
        long base = step;
        step = Math.min(MAX_MS, step * 2);
        double factor = 0.8 + 0.4 * random.getAsDouble();
        return Math.min(MAX_MS, Math.round(base * factor));
    }

    public Duration next() {
        return Duration.ofMillis(nextDelayMs());
    }

    /** Back to 1 s, after a success. */
    public synchronized void reset() {
        step = INITIAL_MS;
    }
}
