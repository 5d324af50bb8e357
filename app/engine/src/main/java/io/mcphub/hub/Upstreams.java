package io.mcphub.hub;

import io.mcphub.catalog.EndpointView;
import io.mcphub.upstream.Upstream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's servers by name and the catalog of each endpoint view built from them: what the two routers need of
 * the hub, and nothing else. The server map is an immutable snapshot, replaced when a mode plugin adds or removes a
 * server; a view's catalog is rebuilt once per catalog version.
 *
 * <p><b>Threading:</b> reads are lock-free; adding and removing are serialized. <b>Nullability:</b>
 * {@link #get(String)} returns null for an unknown name.
 */
final class Upstreams {
    private final String nameSeparator;
    private final Object lock = new Object();
    private final Map<String, ViewCatalog> views = new ConcurrentHashMap<>();
    private final AtomicLong catalogVersion = new AtomicLong(1);
    private volatile Map<String, Upstream> byName = Map.of();

    Upstreams(String nameSeparator) {
        this.nameSeparator = nameSeparator;
    }

    Upstream get(String name) {
        return byName.get(name);
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    List<Upstream> all() {
        return List.copyOf(byName.values());
    }

    Iterable<Upstream> values() {
        return byName.values();
    }

    String nameSeparator() {
        return nameSeparator;
    }

    /** Adds a server under a name not yet taken; false when the name is taken. */
    boolean add(Upstream upstream) {
        synchronized (lock) {
            if (byName.containsKey(upstream.name())) {
                return false;
            }
            Map<String, Upstream> next = new LinkedHashMap<>(byName);
            next.put(upstream.name(), upstream);
            byName = Collections.unmodifiableMap(next);
            return true;
        }
    }

    /** Removes exactly this server; false when the hub holds another (or none) under its name. */
    boolean remove(Upstream upstream) {
        synchronized (lock) {
            if (byName.get(upstream.name()) != upstream) {
                return false;
            }
            Map<String, Upstream> next = new LinkedHashMap<>(byName);
            next.remove(upstream.name());
            byName = Collections.unmodifiableMap(next);
            return true;
        }
    }

    /** The catalog of a view at the current version. */
    ViewCatalog catalog(EndpointView view) {
        long version = catalogVersion.get();
        ViewCatalog c = views.get(view.key());
        if (c == null || c.version != version) {
            c = ViewCatalog.build(version, view, all(), nameSeparator);
            views.put(view.key(), c);
        }
        return c;
    }

    /** Some server's catalog changed: every view's catalog is rebuilt on its next use. */
    void catalogsChanged() {
        catalogVersion.incrementAndGet();
    }
}
