package io.mcphub.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.spi.ConfigProblem;
import java.util.List;
import java.util.Map;

/**
 * A whole {@code mcp_settings.json}, validated. {@code raw} is the expanded tree, so blocks this record does
 * not model (plugins' own, MCPHub's {@code users}, ...) stay readable.
 *
 * @param dashboard the operators' web page ({@code systemConfig.dashboard})
 * @param warnings what was accepted but is probably not meant: unknown keys, with the nearest known one
 * @param ignored  MCPHub's keys present in the file that this hub deliberately does not act on, by path
 */
public record HubSettings(
        Map<String, ServerConfig> servers,
        List<GroupConfig> groups,
        RoutingConfig routing,
        String nameSeparator,
        HttpConfig http,
        ClusterConfig cluster,
        DashboardConfig dashboard,
        JsonNode raw,
        List<ConfigProblem> warnings,
        List<String> ignored) {

    public static final String DEFAULT_SEPARATOR = "-";
}
