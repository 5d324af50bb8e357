package io.mcphub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The measuring loop every load client shares: {@code callers} threads, each making one call at a time in a closed
 * loop until the window ends. A call that throws {@link IOException} is an error; latencies of calls that started
 * after the warm-up and ended inside the window are recorded in nanoseconds and sorted for the percentiles.
 */
final class ClosedLoop {
    /** One call by caller {@code caller} (0-based); an IOException is a failed call. */
    interface Call {
        void call(int caller) throws IOException, InterruptedException;
    }

    private ClosedLoop() {}

    /**
     * Warm-up (not recorded), then a measured window.
     *
     * @param measured a process whose CPU time over the window is divided by the calls answered in it; null for none
     * @param failed   told each failure (e.g. to keep the first one), never null
     */
    static Load.Result run(
            String name,
            int callers,
            Duration warmup,
            Duration window,
            Proc measured,
            Call call,
            Consumer<IOException> failed)
            throws InterruptedException {
        long[][] lat = new long[callers][];
        int[] counts = new int[callers];
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        CountDownLatch done = new CountDownLatch(callers);
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + window.toNanos();
        for (int s = 0; s < callers; s++) {
            final int idx = s;
            Thread t = new Thread(
                    () -> {
                        long[] mine = new long[1 << 14];
                        int count = 0;
                        try {
                            for (long a = System.nanoTime(); a < end; a = System.nanoTime()) {
                                boolean ok = true;
                                try {
                                    call.call(idx);
                                    long at = System.nanoTime();
                                    if (at >= measureFrom && at <= end) {
                                        answered.incrementAndGet();
                                    }
                                } catch (IOException e) {
                                    ok = false;
                                    failed.accept(e);
                                }
                                long b = System.nanoTime();
                                if (a >= measureFrom && b <= end) {
                                    if (!ok) {
                                        errors.incrementAndGet();
                                        continue;
                                    }
                                    if (count == mine.length) {
                                        mine = Arrays.copyOf(mine, count * 2);
                                    }
                                    mine[count++] = b - a;
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            lat[idx] = mine;
                            counts[idx] = count;
                            done.countDown();
                        }
                    },
                    "load-" + name + "-" + s);
            t.setDaemon(true);
            t.start();
        }
        // the measured process's CPU over the window only: warm-up (JIT, connections) is not what a request costs
        long wait = measureFrom - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long cpu0 = ticks(measured);
        done.await();
        // USER_HZ is 100: a tick is 10 ms
        double cpuMs = measured == null ? Double.NaN : (ticks(measured) - cpu0) * 10.0 / Math.max(1, answered.get());
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int s = 0; s < callers; s++) {
            System.arraycopy(lat[s], 0, all, at, counts[s]);
            at += counts[s];
        }
        Arrays.sort(all);
        return new Load.Result(name, total, errors.get(), window.toNanos() / 1e9, all, cpuMs);
    }

    private static long ticks(Proc p) {
        try {
            return p == null ? 0 : p.cpuTicks();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of " + p, e);
        }
    }
}
