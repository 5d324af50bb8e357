package io.mcphub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} (and {@code ${VAR:-default}}) in every string of a settings subtree, in place, as MCPHub
 * does: an unset variable becomes "". Unlike MCPHub it also says where each unset variable was, so that the caller
 * can mark down the one server that needs it instead of starting it with an empty API key.
 */
final class EnvExpander {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** A {@code ${variable}} that is not set, at the JSON path of the string that names it. */
    record Unset(String path, String variable) {}

    private final Function<String, String> env;

    EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    /** Expands every string under {@code parent.key}; returns the unset variables found there. */
    List<Unset> expand(ObjectNode parent, String key, String path) {
        List<Unset> unset = new ArrayList<>();
        JsonNode node = parent.get(key);
        if (node != null) {
            JsonNode expanded = expand(node, path, unset);
            if (expanded != node) {
                parent.set(key, expanded);
            }
        }
        return unset;
    }

    private JsonNode expand(JsonNode node, String path, List<Unset> unset) {
        if (node.isTextual()) {
            String text = expandText(node.asText(), path, unset);
            return text.equals(node.asText()) ? node : new TextNode(text);
        }
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            object.fields().forEachRemaining(f -> {
                JsonNode expanded = expand(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), unset);
                if (expanded != f.getValue()) {
                    replaced.add(Map.entry(f.getKey(), expanded));
                }
            });
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode expanded = expand(array.get(i), path + "[" + i + "]", unset);
                if (expanded != array.get(i)) {
                    array.set(i, expanded);
                }
            }
        }
        return node;
    }

    private String expandText(String text, String path, List<Unset> unset) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
                if (value == null) {
                    unset.add(new Unset(path, m.group(1)));
                    value = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
