package io.mcphub.spi;

import java.util.Optional;

/**
 * What the engine offers a {@link HubPlugin} when it starts. The engine's own services (its catalog, its
 * HTTP routes) are found by type with {@link #service(Class)}, so that this contract stays JDK-only while
 * mode plugins, which depend on the engine, can still reach them.
 */
public interface HubContext {

    /** The {@code systemConfig.cluster} block. */
    ConfigView clusterConfig();

    /** An engine service of the given type, if this engine offers one. */
    <T> Optional<T> service(Class<T> type);
}
