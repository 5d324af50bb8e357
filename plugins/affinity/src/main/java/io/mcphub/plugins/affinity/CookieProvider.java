package io.mcphub.plugins.affinity;

import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.StickyStrategyProvider;
import java.util.List;

/**
 * {@code cookie}: the hub sets a cookie naming the node when it places a session, and honours it on later
 * requests. Reads MCPHub's {@code stickySession.cookieName} and our {@code stickySession.cookie} block.
 */
public final class CookieProvider implements StickyStrategyProvider<CookieConfig> {
    public static final String NAME = "cookie";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<CookieConfig> parse(ConfigView stickySession) {
        ConfigReader outer = new ConfigReader(stickySession);
        String cookieName = outer.string(
                "cookieName",
                CookieConfig.DEFAULT_NAME,
                HttpTokens::isToken,
                "a cookie name (letters, digits, and !#$%&'*+.^_`|~-)");
        ConfigReader r = new ConfigReader(outer.block(NAME));
        boolean httpOnly = r.bool("httpOnly", true);
        boolean secure = r.bool("secure", false);
        String sameSite = r.oneOf("sameSite", "Lax", List.of("Strict", "Lax", "None"));
        if (sameSite.equals("None") && !secure) {
            // browsers drop SameSite=None cookies that are not Secure, so the strategy would silently not stick
            r.error("sameSite", "None", "Strict or Lax, or secure: true with None");
        }
        long maxAge = r.integer("maxAge", CookieConfig.DEFAULT_MAX_AGE, 0, CookieConfig.MAX_MAX_AGE);
        String path = r.string(
                "path",
                "/",
                p -> p.startsWith("/") && p.chars().noneMatch(ch -> ch == ';' || ch < 0x20),
                "a path starting with / and without ;");
        TokenConfig tokens = TokenConfig.read(r);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new CookieConfig(cookieName, httpOnly, secure, sameSite, maxAge, path, tokens));
    }

    @Override
    public StickyStrategy create(CookieConfig config) {
        return new CookieStrategy(config);
    }
}
