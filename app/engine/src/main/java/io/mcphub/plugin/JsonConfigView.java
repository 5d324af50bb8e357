package io.mcphub.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.spi.ConfigView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The spi's {@link ConfigView} over a Jackson tree, so that plugins read the engine's config without
 * seeing Jackson. A missing node, JSON null or non-object reads as an empty block.
 */
public final class JsonConfigView implements ConfigView {
    private final String path;
    private final JsonNode node;

    private JsonConfigView(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    /** A view of {@code node} (an object) at {@code path}, e.g. {@code "systemConfig.cluster"}. */
    public static ConfigView of(String path, JsonNode node) {
        return new JsonConfigView(path, node != null && node.isObject() ? node : null);
    }

    /** The block at a dotted path under a root document, e.g. {@code at(root, "systemConfig.cluster")}. */
    public static ConfigView at(JsonNode root, String dottedPath) {
        JsonNode n = root;
        for (String key : dottedPath.split("\\.")) {
            n = n == null ? null : n.get(key);
        }
        return of(dottedPath, n);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        if (node == null) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public Optional<Object> get(String key) {
        return node == null ? Optional.empty() : Optional.ofNullable(convert(pathOf(key), node.get(key)));
    }

    private static Object convert(String path, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isObject()) {
            return new JsonConfigView(path, v);
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(convert(path + "[" + i + "]", v.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return path + "=" + node;
    }
}
