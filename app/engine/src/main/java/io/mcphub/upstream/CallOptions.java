package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.time.Duration;

/** Per-request timing, from the server's {@code options}: MCPHub's timeout, resetTimeoutOnProgress, maxTotalTimeout. */
@ModeApi
public record CallOptions(Duration timeout, boolean resetTimeoutOnProgress, Duration maxTotalTimeout) {
    public static final CallOptions DEFAULT = new CallOptions(Duration.ofSeconds(60), false, null);
}
