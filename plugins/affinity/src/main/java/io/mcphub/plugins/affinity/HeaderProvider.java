package io.mcphub.plugins.affinity;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;

/**
 * {@code header}: the node is named in a request header, and the hub echoes it on every response that
 * placed a request. Reads MCPHub's {@code stickySession.headerName} and our {@code stickySession.header}.
 */
public final class HeaderProvider implements StickyStrategyProvider<HeaderConfig> {
    public static final String NAME = "header";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<HeaderConfig> parse(ConfigView stickySession) {
        ConfigReader outer = new ConfigReader(stickySession);
        String headerName = outer.string(
                "headerName",
                HeaderConfig.DEFAULT_NAME,
                HttpTokens::isToken,
                "a header name (letters, digits, and !#$%&'*+.^_`|~-)");
        ConfigReader r = new ConfigReader(outer.block(NAME));
        TokenConfig tokens = TokenConfig.read(r);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new HeaderConfig(headerName, tokens));
    }

    @Override
    public StickyStrategy create(HeaderConfig config) {
        return new HeaderStrategy(config);
    }
}
