package io.mcphub.upstream;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One small timer thread for request timeouts, restarts and keep-alives; tasks on it must not block. */
public final class Scheduler {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private Scheduler() {}

    public static ScheduledThreadPoolExecutor timer() {
        return TIMER;
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "mcphub-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true); // cancelled timeouts of answered requests must not pile up
        return t;
    }
}
