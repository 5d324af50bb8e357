package io.mcphub.coordinator;

import java.time.Duration;

/**
 * The coordinator's own part of {@code systemConfig.cluster}: the {@code coordinator} block, parsed once by
 * {@link CoordinatorProvider}. Immutable.
 *
 * @param nodeTimeout          no heartbeat for this long: the node is unhealthy
 * @param cleanupInterval      unhealthy (or suspect) this much longer: the node is removed
 * @param stickySessionTimeout sliding idle timeout of a session's placement
 * @param maxAffinityEntries   the placement table's bound
 * @param stopTimeout          how long a clean stop waits for the requests in flight (readiness is 503 meanwhile)
 */
public record CoordinatorConfig(
        Duration nodeTimeout,
        Duration cleanupInterval,
        Duration stickySessionTimeout,
        int maxAffinityEntries,
        Duration stopTimeout) {

    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    public static final CoordinatorConfig DEFAULTS = new CoordinatorConfig(
            Duration.ofMillis(15_000), Duration.ofMillis(30_000), Duration.ofMillis(3_600_000), 1_000_000);

    /** A config with the default stop timeout. */
    public CoordinatorConfig(
            Duration nodeTimeout, Duration cleanupInterval, Duration stickySessionTimeout, int maxAffinityEntries) {
        this(nodeTimeout, cleanupInterval, stickySessionTimeout, maxAffinityEntries, DEFAULT_STOP_TIMEOUT);
    }
}
