package io.mcphub.node;

import java.util.function.DoubleSupplier;

/**
 * Registration retry delays: 1 s doubling to 30 s, each jittered to between 80 % and 120 % of its step (and never above
 * the 30 s cap), so that nodes that lost their coordinator together do not all come back in the same millisecond.
 * Not thread-safe: used on the plugin's one scheduler thread.
 */
final class Backoff {
    static final long INITIAL_MS = 1000;
    static final long MAX_MS = 30_000;

    private final DoubleSupplier random;
    private long step = INITIAL_MS;

    /** @param random values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the step up to the cap. */
    long nextDelayMs() {
        long base = step;
        step = Math.min(MAX_MS, step * 2);
        double factor = 0.8 + 0.4 * random.getAsDouble();
        return Math.min(MAX_MS, Math.round(base * factor));
    }

    /** Back to 1 s, after a success. */
    void reset() {
        step = INITIAL_MS;
    }
}
