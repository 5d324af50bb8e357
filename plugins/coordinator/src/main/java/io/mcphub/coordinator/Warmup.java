package io.mcphub.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * When a (re)started coordinator is ready for client traffic: once it can have heard from every live node. Until
 * then it would answer a session's request with an unknown tool, or place the session anew on the one node it knows
 * (a second node-side session beside the one another coordinator continues). Every live node registers within one
 * heartbeat interval of the coordinator coming up, so: ready two of the longest intervals the nodes report after
 * the start, once a node has registered; with no node, after {@code nodeTimeout} (the longest a live node stays
 * silent). Once ready, it stays ready (the clean stop's 503 is separate).
 *
 * <p><b>Threading:</b> safe for any thread.
 */
final class Warmup {
    private final Clock clock;
    private final long startedMillis;
    private final Duration nodeTimeout;
    private final IntSupplier nodes;
    private final LongSupplier longestHeartbeatMillis;
    private volatile boolean warm;

    Warmup(Clock clock, Duration nodeTimeout, IntSupplier nodes, LongSupplier longestHeartbeatMillis) {
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.nodeTimeout = nodeTimeout;
        this.nodes = nodes;
        this.longestHeartbeatMillis = longestHeartbeatMillis;
    }

    boolean ready() {
        if (warm) {
            return true;
        }
        long up = clock.millis() - startedMillis;
        boolean now =
                up >= nodeTimeout.toMillis() || nodes.getAsInt() > 0 && up >= 2 * longestHeartbeatMillis.getAsLong();
        if (now) {
            warm = true;
        }
        return now;
    }
}
