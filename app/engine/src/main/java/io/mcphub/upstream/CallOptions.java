package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.time.Duration;

/** Per-request timing, from the server's {@code options}: MCPHub's timeout, resetTimeoutOnProgress, maxTotalTimeout. */
@ModeApi
public record CallOptions(Duration timeout, boolean resetTimeoutOnProgress, Duration maxTotalTimeout) {
    public static final CallOptions DEFAULT = new CallOptions(Duration.ofSeconds(60), false, null);
    /** A {@code subscriptions/listen}: it lives as long as its client keeps it, not bounded by a call timeout. */
    public static final CallOptions LISTEN = new CallOptions(Duration.ofDays(365), false, null);
}
