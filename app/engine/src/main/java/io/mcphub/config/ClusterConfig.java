package io.mcphub.config;

/**
 * What the engine itself reads of MCPHub's {@code systemConfig.cluster}: whether it is on, which mode plugin it
 * names, and the cluster secret every mode shares. Each mode plugin parses its own block ({@code node},
 * {@code coordinator}, ...) in its provider; the routing plugins' blocks ({@code stickySession},
 * {@code loadBalancing}) are read by the plugin registry.
 *
 * @param mode   the name of a {@code hub-plugin}, as written; {@value #STANDALONE_MODE} for none
 * @param secret the cluster secret, from the block or {@code MCPHUB_CLUSTER_SECRET}; null when neither is set
 */
public record ClusterConfig(boolean enabled, String mode, String secret) {
    /** The mode that starts no plugin. */
    public static final String STANDALONE_MODE = "standalone";

    public static final ClusterConfig STANDALONE = new ClusterConfig(false, STANDALONE_MODE, null);

    /** The mode in effect: a cluster block that is not enabled means standalone, whatever its mode says. */
    public String activeMode() {
        return clustered() ? mode : STANDALONE_MODE;
    }

    /** True when a mode plugin runs. */
    public boolean clustered() {
        return enabled && !STANDALONE_MODE.equals(mode);
    }

    /**
     * True when the hub's groups may name servers it does not run itself. Only the coordinator serves its nodes'
     * servers; a mode plugin cannot yet say so itself, because groups are checked before plugins are loaded.
     */
    public boolean groupsMayNameRemoteServers() {
        return "coordinator".equals(activeMode());
    }
}
