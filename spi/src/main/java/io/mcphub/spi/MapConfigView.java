package io.mcphub.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link ConfigView} over plain maps; converted once so that reads never allocate views. */
final class MapConfigView implements ConfigView {
    private final String path;
    private final Map<String, Object> values;

    MapConfigView(String path, Map<String, ?> source) {
        this.path = path == null ? "" : path;
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, convert(pathOf(k), v));
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    private static Object convert(String path, Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> named = new LinkedHashMap<>();
            m.forEach((k, x) -> named.put(String.valueOf(k), x));
            return new MapConfigView(path, named);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(l.get(i) == null ? null : convert(path + "[" + i + "]", l.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof ConfigView) {
            return v;
        }
        throw new IllegalArgumentException(
                path + ": unsupported config value type " + v.getClass().getName());
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    @Override
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public String toString() {
        return path + values;
    }
}
