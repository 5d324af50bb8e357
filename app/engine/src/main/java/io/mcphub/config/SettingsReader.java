package io.mcphub.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.spi.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a Jackson tree that record a {@link ConfigProblem} with the JSON path instead of throwing. Only the
 * {@code systemConfig.cluster} block still reads through it (that parsing is moving to the mode plugins, which use
 * the spi's {@link io.mcphub.spi.ConfigReader} like the rest of the settings); it renders values the same way.
 */
final class SettingsReader {
    private final List<ConfigProblem> problems = new ArrayList<>();

    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(String path, JsonNode value, String expected) {
        problems.add(new ConfigProblem(path, value == null ? ConfigProblem.MISSING : value.toString(), expected));
    }

    void problem(String path, String value, String expected) {
        problems.add(new ConfigProblem(path, "missing".equals(value) ? ConfigProblem.MISSING : value, expected));
    }

    static String join(String path, String key) {
        boolean plain = key.matches("[A-Za-z_$][A-Za-z0-9_$]*");
        if (path.isEmpty()) return plain ? key : "[\"" + key + "\"]";
        return plain ? path + "." + key : path + "[\"" + key + "\"]";
    }

    /** The object at {@code node}, or null (and a problem) when it is something else; absent is null. */
    JsonNode object(JsonNode node, String path) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            problem(path, node, "an object");
            return null;
        }
        return node;
    }

    boolean bool(JsonNode parent, String key, String path, boolean dflt) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) {
            problem(join(path, key), v, "true or false");
            return dflt;
        }
        return v.booleanValue();
    }

    String string(JsonNode parent, String key, String path, String dflt) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) {
            problem(join(path, key), v, "a string");
            return dflt;
        }
        return v.asText();
    }

    long positiveLong(JsonNode parent, String key, String path, long dflt) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
            problem(join(path, key), v, "an integer >= 1");
            return dflt;
        }
        return v.longValue();
    }

    Duration millis(JsonNode parent, String key, String path, Duration dflt) {
        long ms = positiveLong(parent, key, path, dflt == null ? -1 : dflt.toMillis());
        return ms <= 0 ? dflt : Duration.ofMillis(ms);
    }

    List<String> strings(JsonNode parent, String key, String path) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) {
            problem(join(path, key), v, "an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                problem(join(path, key) + "[" + i + "]", item, "a string");
            } else {
                out.add(item.asText());
            }
        }
        return List.copyOf(out);
    }

    Map<String, String> stringMap(JsonNode parent, String key, String path) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) {
            problem(join(path, key), v, "an object of strings");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.fields().forEachRemaining(f -> {
            JsonNode value = f.getValue();
            if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                out.put(f.getKey(), value.asText());
            } else {
                problem(join(join(path, key), f.getKey()), value, "a string");
            }
        });
        return out;
    }
}
