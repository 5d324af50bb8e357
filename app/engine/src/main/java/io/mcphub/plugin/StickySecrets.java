package io.mcphub.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.spi.ConfigView;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The cookie and header strategies sign the node they name with a key; without {@code stickySession.<name>.secret}
 * each coordinator would pick a random one, and with several coordinators behind a plain load balancer a client's
 * cookie would be honoured by one coordinator only. So a cluster's routing config gets a default key derived from
 * the cluster secret (shared by every coordinator); a configured secret is kept.
 */
public final class StickySecrets {
    private static final List<String> SIGNING = List.of("cookie", "header");

    private StickySecrets() {}

    /** The cluster block of {@code raw} as the routing plugins read it, with the derived keys filled in. */
    public static ConfigView routingView(JsonNode raw, String clusterSecret) {
        JsonNode cluster = raw == null ? null : raw.path("systemConfig").path("cluster");
        if (!(cluster instanceof ObjectNode original) || clusterSecret == null || clusterSecret.isEmpty()) {
            return JsonConfigView.at(raw, "systemConfig.cluster");
        }
        ObjectNode copy = original.deepCopy();
        JsonNode stickyNode = copy.get("stickySession");
        if (stickyNode != null && !stickyNode.isObject()) {
            return JsonConfigView.of("systemConfig.cluster", copy); // its own error is reported as it is
        }
        ObjectNode sticky = stickyNode == null ? copy.putObject("stickySession") : (ObjectNode) stickyNode;
        String strategy = sticky.path("strategy").asText("").trim().toLowerCase(Locale.ROOT);
        for (String name : SIGNING) {
            JsonNode block = sticky.get(name);
            if (!name.equals(strategy) && block == null) {
                continue;
            }
            if (block == null) {
                block = sticky.putObject(name);
            }
            if (block instanceof ObjectNode b && !b.has("secret")) {
                b.put("secret", derive(clusterSecret, name));
            }
        }
        if (stickyNode == null && sticky.isEmpty()) {
            copy.remove("stickySession");
        }
        return JsonConfigView.of("systemConfig.cluster", copy);
    }

    static String derive(String clusterSecret, String purpose) {
        return HexFormat.of().formatHex(Secrets.derive(clusterSecret, "mcphub sticky " + purpose + " v1"));
    }
}
