package io.mcphub.mode;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's one timer thread, as a mode plugin may use it: schedule and cancel, never shut down (it is shared
 * with the engine's timeouts and restarts). A task must not block; hand blocking work to
 * {@link ModeContext#blocking()}. The methods are those of {@code ScheduledExecutorService}.
 */
public interface HubTimer {

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

    ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit);

    ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit);
}
