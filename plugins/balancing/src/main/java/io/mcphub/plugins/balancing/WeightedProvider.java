package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code weighted}: smooth weighted round-robin by node weight. A node's weight is the one it reports
 * from its config ({@code node.weight}, default 1), unless {@code loadBalancing.weighted.weights} names
 * its id: {@code {"node-1": 3}}. Weights are integers from 1 to 1000.
 */
public final class WeightedProvider implements LoadBalancerProvider<WeightedConfig> {
    public static final String NAME = "weighted";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<WeightedConfig> parse(ConfigView loadBalancing) {
        ConfigReader outer = new ConfigReader(loadBalancing);
        ConfigReader r = new ConfigReader(outer.block(NAME));
        ConfigReader w = new ConfigReader(r.block("weights"));
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String nodeId : w.view().keys()) {
            weights.put(nodeId, (int) w.integer(nodeId, 1, 1, WeightedConfig.MAX_WEIGHT));
        }
        r.addAll(w.result(Boolean.TRUE));
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new WeightedConfig(weights));
    }

    @Override
    public LoadBalancer create(WeightedConfig config) {
        return new WeightedBalancer(config);
    }
}
