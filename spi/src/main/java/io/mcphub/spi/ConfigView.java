package io.mcphub.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one block of the hub's configuration (a JSON object), as a plugin sees it.
 *
 * <p>Values are plain JDK types: {@link String}, {@link Boolean}, {@link Number} ({@link Long} for
 * integers, {@link Double} otherwise), a nested {@code ConfigView} for an object, and a {@link List} of
 * those for an array. A JSON {@code null} reads as absent. Every view knows its own JSON path, so that a
 * plugin can say exactly where a bad value is ({@link #pathOf(String)}).
 *
 * <p>The hub adapts its own config tree to this interface; plugins and tests can build one from a map
 * with {@link #of(String, Map)}.
 */
public interface ConfigView {

    /** The JSON path of this block, dot separated, e.g. {@code systemConfig.cluster.stickySession}. */
    String path();

    /** The keys present in this block, in document order. */
    Set<String> keys();

    /**
     * The value under {@code key}: a {@link String}, {@link Boolean}, {@link Number}, {@code ConfigView}
     * or {@link List}; empty when the key is absent or {@code null}.
     */
    Optional<Object> get(String key);

    /** The JSON path of {@code key} inside this block, for messages. */
    default String pathOf(String key) {
        return path().isEmpty() ? key : path() + "." + key;
    }

    /** The nested block under {@code key}, if present and an object. */
    default Optional<ConfigView> block(String key) {
        return get(key).filter(ConfigView.class::isInstance).map(ConfigView.class::cast);
    }

    /** True when {@code key} is present with a non-null value. */
    default boolean has(String key) {
        return get(key).isPresent();
    }

    /** An empty block at {@code path}: what a plugin sees when its block is missing (all defaults). */
    static ConfigView empty(String path) {
        return new MapConfigView(path, Map.of());
    }

    /**
     * A view over a map, for tests and for hosts without a JSON tree. Nested maps become nested views,
     * lists are kept, other values must be strings, booleans or numbers.
     */
    static ConfigView of(String path, Map<String, ?> values) {
        return new MapConfigView(path, values);
    }
}
