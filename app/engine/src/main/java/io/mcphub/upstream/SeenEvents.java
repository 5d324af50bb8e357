package io.mcphub.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last N SSE event ids seen on one connection, to drop events a server sends again. */
final class SeenEvents {
    private final Map<String, Boolean> ids;

    SeenEvents(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen; events without an id are always new. */
    synchronized boolean firstTime(String id) {
        return id == null || id.isEmpty() || ids.put(id, Boolean.TRUE) == null;
    }
}
