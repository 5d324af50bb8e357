package io.mcphub.plugins.balancing;

import java.util.Map;

/**
 * The {@code weighted} options, from {@code loadBalancing.weighted}.
 *
 * @param weights per-node-id weights that override the weight each node reports from its own config
 */
public record WeightedConfig(Map<String, Integer> weights) {
    public static final int MAX_WEIGHT = 1000;

    public WeightedConfig {
        weights = Map.copyOf(weights);
    }

    int weightOf(String nodeId, int reported) {
        Integer w = weights.get(nodeId);
        return Math.min(MAX_WEIGHT, Math.max(1, w != null ? w : reported));
    }
}
