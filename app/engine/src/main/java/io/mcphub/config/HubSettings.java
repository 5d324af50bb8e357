package io.mcphub.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A whole {@code mcp_settings.json}, validated. {@code raw} is the expanded tree, so blocks this record does
 * not model (plugins' own, MCPHub's {@code users}, ...) stay readable.
 */
public record HubSettings(
        Map<String, ServerConfig> servers,
        List<GroupConfig> groups,
        RoutingConfig routing,
        String nameSeparator,
        HttpConfig http,
        ClusterConfig cluster,
        JsonNode raw) {

    public static final String DEFAULT_SEPARATOR = "-";
}
