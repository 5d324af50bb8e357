package io.mcphub.plugins.balancing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a balancer has observed of one node: requests in flight and a moving average of their latency.
 *
 * <p>The average is updated without a lock; two updates racing can lose one sample, which only makes
 * the average a little less smooth and is cheaper than contention on every request end.
 */
final class NodeStats {
    final AtomicInteger inFlight = new AtomicInteger();
    private volatile double ewmaNanos;
    private volatile boolean sampled;

    void start() {
        inFlight.incrementAndGet();
    }

    void end(long elapsedNanos, double alpha) {
        inFlight.decrementAndGet();
        double prev = ewmaNanos;
        ewmaNanos = sampled ? prev + alpha * (elapsedNanos - prev) : elapsedNanos;
        sampled = true;
    }

    /** 0 until the first request ends: an unmeasured node looks fast, so it gets measured. */
    double latencyNanos() {
        return ewmaNanos;
    }
}
