package io.mcphub.config;

import java.time.Duration;

/**
 * MCPHub's {@code systemConfig.cluster}, with our additions ({@code secret}, {@code node.url}, {@code node.weight},
 * {@code coordinator.maxAffinityEntries}). The routing plugins' blocks ({@code stickySession},
 * {@code loadBalancing}) are read by the plugin registry from the raw tree.
 */
public record ClusterConfig(boolean enabled, Mode mode, String secret, Node node, Coordinator coordinator) {

    public enum Mode {
        STANDALONE, COORDINATOR, NODE;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The node's side: who it is, where it is reachable, where its coordinator is. */
    public record Node(String id, String name, String url, String coordinatorUrl, Duration heartbeatInterval,
            boolean registerOnStartup, int weight) {}

    /** The coordinator's side: health timing and the affinity table's bounds. */
    public record Coordinator(Duration nodeTimeout, Duration cleanupInterval, Duration stickySessionTimeout,
            int maxAffinityEntries) {}

    public static final Node NODE_DEFAULTS = new Node(null, null, null, null, Duration.ofMillis(5000), true, 1);
    public static final Coordinator COORDINATOR_DEFAULTS = new Coordinator(Duration.ofMillis(15000),
            Duration.ofMillis(30000), Duration.ofMillis(3_600_000), 1_000_000);
    public static final ClusterConfig STANDALONE = new ClusterConfig(false, Mode.STANDALONE, null, NODE_DEFAULTS,
            COORDINATOR_DEFAULTS);

    /** The mode in effect: a cluster block that is not enabled means standalone, whatever its mode says. */
    public Mode activeMode() {
        return enabled ? mode : Mode.STANDALONE;
    }
}
