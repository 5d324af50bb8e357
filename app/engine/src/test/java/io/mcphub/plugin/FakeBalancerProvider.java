package io.mcphub.plugin;

import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.LoadBalancerProvider;
import io.mcphub.spi.NodeSet;

/** A classpath balancer for registry tests: picks the first healthy node. */
public final class FakeBalancerProvider implements LoadBalancerProvider<String> {
    @Override
    public String name() {
        return "fake-balancer";
    }

    @Override
    public ConfigResult<String> parse(ConfigView block) {
        return ConfigResult.ok("ok");
    }

    @Override
    public LoadBalancer create(String config) {
        return new LoadBalancer() {
            @Override
            public Picker picker(NodeSet nodes) {
                return request -> nodes.healthy().stream().findFirst();
            }
        };
    }
}
