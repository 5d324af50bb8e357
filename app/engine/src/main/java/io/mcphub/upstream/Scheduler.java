package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Time for the engine and the coordinator's routing: one timer thread (request timeouts, restarts, sweeps) and one
 * {@link Clock} for wall-clock facts (idle sessions, sliding affinity timeouts, node heartbeat ages). Tests inject
 * their own clock. Mode plugins get it from {@code ModeContext.scheduler()}; work that blocks goes to
 * {@code ModeContext.blocking()}, never onto the timer thread.
 *
 * <p><b>Threading:</b> safe for any thread; tasks run on the one timer thread and must not block.
 * <b>Nullability:</b> nothing returns null.
 */
@ModeApi
public final class Scheduler {
    private static final Scheduler SYSTEM = new Scheduler(createTimer(), new MonotonicClock());

    private final ScheduledExecutorService timer;
    private final Clock clock;

    private Scheduler(ScheduledExecutorService timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
    }

    /** The process's timer thread and a monotonic clock (wall time at start, moved on by the nano timer). */
    public static Scheduler system() {
        return SYSTEM;
    }

    /** The same timer thread, with another clock (tests move time on by hand). */
    public Scheduler withClock(Clock other) {
        return new Scheduler(timer, other);
    }

    public Clock clock() {
        return clock;
    }

    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code period}, the first time after one period. */
    public ScheduledFuture<?> every(Runnable task, Duration period) {
        return timer.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Wall-clock time at start, then moved on by {@link System#nanoTime}: a step of the system clock (NTP, a VM
     * resumed) must not expire every idle timeout at once, as it would with {@code Clock.systemUTC()}.
     */
    private static final class MonotonicClock extends Clock {
        private final long startMillis;
        private final long startNanos;
        private final ZoneId zone;

        MonotonicClock() {
            this(System.currentTimeMillis(), System.nanoTime(), ZoneOffset.UTC);
        }

        private MonotonicClock(long startMillis, long startNanos, ZoneId zone) {
            this.startMillis = startMillis;
            this.startNanos = startNanos;
            this.zone = zone;
        }

        @Override
        public long millis() {
            return startMillis + (System.nanoTime() - startNanos) / 1_000_000;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new MonotonicClock(startMillis, startNanos, other);
        }
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "mcphub-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true); // cancelled timeouts of answered requests must not pile up
        return t;
    }
}
