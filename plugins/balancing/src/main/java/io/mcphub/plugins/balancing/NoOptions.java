package io.mcphub.plugins.balancing;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;

/** The parsed config of a policy without options; its block, if present, must still be an object. */
public enum NoOptions {
    INSTANCE;

    static ConfigResult<NoOptions> parse(ConfigView loadBalancing, String name) {
        ConfigReader r = new ConfigReader(loadBalancing);
        r.block(name);
        return r.result(INSTANCE);
    }
}
