package io.mcphub.coordinator.registry;

import java.util.function.Consumer;

/** What routing needs of the node registry: the current view, news of changes, and a way to report a bad node. */
public interface ClusterMembership {
    ClusterView view();

    /** Called with every new view, on the registry's thread; must not block. */
    void addListener(Consumer<ClusterView> listener);

    /**
     * A request to the node was refused or answered 5xx: stop placing on it now, without waiting for
     * {@code nodeTimeout}. A heartbeat makes it healthy again.
     */
    void suspect(String nodeId, String reason);
}
