package io.mcphub.plugins.examples;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.StickyStrategy;
import java.util.Comparator;
import java.util.Optional;

/** The choice depends on the snapshot only, so it is made once per snapshot and the route is a field read. */
final class LowestIdStrategy implements StickyStrategy {
    private final boolean reverse;

    LowestIdStrategy(boolean reverse) {
        this.reverse = reverse;
    }

    @Override
    public Router router(NodeSet nodes) {
        Comparator<NodeView> byId = Comparator.comparing(NodeView::id);
        Optional<NodeView> choice =
                nodes.healthy().stream().min(reverse ? byId.reversed() : byId).flatMap(n -> nodes.byId(n.id()));
        return request -> choice;
    }
}
