package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * MCPHub's {@code PUT /api/system-config} for the keys a running hub applies: the routing switches. Any other key is
 * refused naming it and why, so a client never believes a change was made that only a restart would make.
 */
public final class SystemEdits {
    /** The keys of {@code systemConfig} that change live, by block. */
    public static final Map<String, List<String>> LIVE =
            Map.of("routing", List.of("enableGlobalRoute", "enableGroupNameRoute"));

    private final Management management;

    public SystemEdits(Management management) {
        this.management = management;
    }

    public EditOutcome update(String ifMatch, JsonNode body) {
        return management.edit(ifMatch, tree -> {
            if (!(body instanceof ObjectNode changes) || changes.isEmpty()) {
                throw EditRefusal.badRequest("A systemConfig change is required: {\"routing\": {\"enableGlobalRoute\":"
                        + " true|false, \"enableGroupNameRoute\": true|false}}");
            }
            ObjectNode system = tree.get("systemConfig") instanceof ObjectNode s ? s : tree.putObject("systemConfig");
            for (var block : (Iterable<Map.Entry<String, JsonNode>>) changes::fields) {
                List<String> live = LIVE.get(block.getKey());
                if (live == null || !(block.getValue() instanceof ObjectNode values)) {
                    throw EditRefusal.badRequest(refusal("systemConfig." + block.getKey()));
                }
                ObjectNode target =
                        system.get(block.getKey()) instanceof ObjectNode t ? t : system.putObject(block.getKey());
                for (var v : (Iterable<Map.Entry<String, JsonNode>>) values::fields) {
                    if (!live.contains(v.getKey())) {
                        throw EditRefusal.badRequest(refusal("systemConfig." + block.getKey() + "." + v.getKey()));
                    }
                    target.set(v.getKey(), v.getValue());
                }
            }
        });
    }

    private static String refusal(String path) {
        return path + " cannot change while the hub runs: the HTTP guards, the cluster and the names clients hold are"
                + " fixed at start; edit the settings file and restart. Live keys: systemConfig.routing"
                + ".enableGlobalRoute, systemConfig.routing.enableGroupNameRoute";
    }
}
