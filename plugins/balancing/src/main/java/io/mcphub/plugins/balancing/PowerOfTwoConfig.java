package io.mcphub.plugins.balancing;

/**
 * The {@code power-of-two} options, from {@code loadBalancing["power-of-two"]}.
 *
 * @param ewmaAlpha            weight of the newest latency sample in the moving average, in (0, 1]
 * @param failurePenaltyMillis latency charged for a failed request, however fast it failed
 */
public record PowerOfTwoConfig(double ewmaAlpha, long failurePenaltyMillis) {
    public static final double DEFAULT_ALPHA = 0.3;
    public static final long DEFAULT_FAILURE_PENALTY_MILLIS = 1000;
    public static final long MAX_FAILURE_PENALTY_MILLIS = 60_000;
}
