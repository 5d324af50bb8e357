package io.mcphub.node;

import java.time.Duration;

/**
 * The node plugin's parsed {@code systemConfig.cluster.node} block, immutable. The cluster secret is not here: it may
 * come from the environment ({@code MCPHUB_CLUSTER_SECRET}), so the plugin takes it from the engine
 * ({@code ModeContext.clusterSecret()}) when it starts.
 *
 * @param id                configured node id, or null to derive one from the advertised URL
 * @param name              configured display name, or null for the host name
 * @param url               configured URL other hubs reach this node at, or null for the advertised address
 * @param coordinatorUrl    the coordinator's base URL, without a trailing slash
 * @param heartbeatInterval time between heartbeats
 * @param registerOnStartup register as soon as the node starts; otherwise the first heartbeat's 404 makes it register
 * @param weight            the node's weight for the coordinator's load balancing
 * @param drainTimeout      how long a clean stop waits for the node's sessions to move to other replicas (the
 *                          coordinator drains it first); zero: no drain, deregister at once
 */
public record NodeConfig(
        String id,
        String name,
        String url,
        String coordinatorUrl,
        Duration heartbeatInterval,
        boolean registerOnStartup,
        int weight,
        Duration drainTimeout) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(5000);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** A config with the default drain timeout. */
    public NodeConfig(
            String id,
            String name,
            String url,
            String coordinatorUrl,
            Duration heartbeatInterval,
            boolean registerOnStartup,
            int weight) {
        this(id, name, url, coordinatorUrl, heartbeatInterval, registerOnStartup, weight, DEFAULT_DRAIN_TIMEOUT);
    }
}
