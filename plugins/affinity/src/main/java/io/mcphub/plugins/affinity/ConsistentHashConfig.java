package io.mcphub.plugins.affinity;

/**
 * The {@code consistent-hash} options, from {@code stickySession["consistent-hash"]}.
 *
 * @param virtualNodes points per node on the ring: more points, better balance, more memory
 * @param loadFactor   bounded-load factor c (a node takes no new session while it holds more than
 *                     c times the average); 0 turns bounded load off
 */
public record ConsistentHashConfig(int virtualNodes, double loadFactor) {
    public static final int DEFAULT_VIRTUAL_NODES = 1000;
    public static final int MAX_VIRTUAL_NODES = 4096;
    public static final double MAX_LOAD_FACTOR = 10.0;

    public boolean boundedLoad() {
        return loadFactor > 0;
    }
}
