package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.List;
import java.util.Optional;

/** Honours the node named in the request header when it is a healthy replica; always echoes the placement. */
final class HeaderStrategy implements StickyStrategy {
    private final HeaderConfig config;
    private final NodeTokens tokens;

    HeaderStrategy(HeaderConfig config) {
        this.config = config;
        this.tokens = new NodeTokens(config.tokens());
    }

    @Override
    public Router router(NodeSet nodes) {
        NodeTokens.Table table = tokens.table(nodes);
        String name = config.headerName();
        return new Router() {
            @Override
            public Optional<NodeView> route(RoutingRequest request) {
                return table.resolve(request.header(name));
            }

            @Override
            public List<ResponseHeader> onPlaced(NodeView node, RoutingRequest request) {
                return table.tokenOf(node)
                        .map(t -> List.of(new ResponseHeader(name, t)))
                        .orElse(List.of());
            }
        };
    }
}
