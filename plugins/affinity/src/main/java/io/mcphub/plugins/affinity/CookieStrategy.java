package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.List;
import java.util.Optional;

/**
 * Honours the node named in the cookie when it is a healthy replica of the server; otherwise has no
 * opinion, and the cookie is re-issued for wherever the hub then places the session.
 */
final class CookieStrategy implements StickyStrategy {
    private final CookieConfig config;
    private final NodeTokens tokens;
    private final String attributes;

    CookieStrategy(CookieConfig config) {
        this.config = config;
        this.tokens = new NodeTokens(config.tokens());
        this.attributes = attributes(config);
    }

    private static String attributes(CookieConfig c) {
        StringBuilder b = new StringBuilder("; Path=").append(c.path());
        if (c.maxAge() > 0) {
            b.append("; Max-Age=").append(c.maxAge());
        }
        if (c.httpOnly()) {
            b.append("; HttpOnly");
        }
        if (c.secure()) {
            b.append("; Secure");
        }
        return b.append("; SameSite=").append(c.sameSite()).toString();
    }

    @Override
    public Router router(NodeSet nodes) {
        NodeTokens.Table table = tokens.table(nodes);
        String name = config.cookieName();
        return new Router() {
            @Override
            public Optional<NodeView> route(RoutingRequest request) {
                return table.resolve(request.cookie(name));
            }

            @Override
            public List<ResponseHeader> onPlaced(NodeView node, RoutingRequest request) {
                Optional<String> token = table.tokenOf(node);
                if (token.isEmpty() || token.equals(request.cookie(name))) {
                    return List.of();
                }
                return List.of(new ResponseHeader("Set-Cookie", name + "=" + token.get() + attributes));
            }
        };
    }
}
