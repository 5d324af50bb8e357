package io.mcphub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} (and {@code ${VAR:-default}}) in every string of a settings tree, as MCPHub does.
 * Unlike MCPHub it does not turn an unset variable into "": it reports where, so the caller can fail the one
 * server that needs it instead of starting it with an empty API key.
 */
final class EnvExpander {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    record Unset(String path, String variable) {}

    private final Function<String, String> env;
    private final List<Unset> unset = new ArrayList<>();

    EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    List<Unset> unset() {
        return unset;
    }

    JsonNode expand(JsonNode node, String path) {
        if (node.isTextual()) {
            return new TextNode(expandText(node.asText(), path));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode expanded = expand(f.getValue(), SettingsReader.join(path, f.getKey()));
                if (expanded != f.getValue()) replaced.add(Map.entry(f.getKey(), expanded));
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode expanded = expand(array.get(i), path + "[" + i + "]");
                if (expanded != array.get(i)) array.set(i, expanded);
            }
            return array;
        }
        return node;
    }

    private String expandText(String text, String path) {
        if (text.indexOf("${") < 0) return text;
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
