package io.mcphub.spi;

/** The coordinator's view of a node's health. Only {@link #HEALTHY} nodes take placements. */
public enum NodeHealth {
    /** Heartbeats arrive and requests succeed. */
    HEALTHY,
    /** A request just failed to reach it (refused, 5xx): excluded at once, before any timeout. */
    SUSPECT,
    /** No heartbeat within the node timeout. */
    UNHEALTHY;

    /** True when the node may take placements. */
    public boolean isHealthy() {
        return this == HEALTHY;
    }
}
