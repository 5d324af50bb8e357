package io.mcphub.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.plugin.JsonConfigView;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates an MCPHub {@code mcp_settings.json}, reporting every problem with its JSON path, through the
 * spi's {@link ConfigReader} like the plugins' blocks. Unknown keys are warnings (with the nearest known key);
 * MCPHub's keys this hub does not act on are collected by name for one log line.
 */
public final class SettingsLoader {
    private static final long MAX_MILLIS = Long.MAX_VALUE;

    private final Function<String, String> env;

    public SettingsLoader(Function<String, String> env) {
        this.env = env;
    }

    public static SettingsLoader withSystemEnv() {
        return new SettingsLoader(System::getenv);
    }

    public HubSettings load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("settings file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("cannot read settings file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * The settings, with their warnings and ignored keys.
     *
     * @throws ConfigException with every error (and the warnings) when the file cannot be served
     */
    public HubSettings parse(String text, String source) throws ConfigException {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ConfigException(source + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            String found = root == null || root.isMissingNode()
                    ? ConfigProblem.MISSING
                    : root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new ConfigException(source, List.of(new ConfigProblem("$", found, "an object")));
        }
        EnvExpander expander = new EnvExpander(env);
        Map<String, List<EnvExpander.Unset>> unsetByServer = new LinkedHashMap<>();
        if (object.get("mcpServers") instanceof ObjectNode servers) {
            for (String name : fieldNames(servers)) {
                unsetByServer.put(name, expander.expand(servers, name, "mcpServers." + name));
            }
        }
        ConfigReader r = new ConfigReader(JsonConfigView.of("", object));
        for (String key : fieldNames(object)) {
            if (key.equals("mcpServers")) {
                continue;
            }
            for (EnvExpander.Unset u : expander.expand(object, key, key)) {
                // an unset variable matters only where the hub reads the value; MCPHub's other keys may keep theirs
                if (McpHubKeys.isRead(u.path())) {
                    r.add(new ConfigProblem(
                            u.path(),
                            "${" + u.variable() + "}",
                            "environment variable " + u.variable() + " to be set"));
                }
            }
        }
        Set<String> ignored = new LinkedHashSet<>();
        r.knownKeys(McpHubKeys.ROOT.known());
        ignored.addAll(r.present(McpHubKeys.ROOT.ignored()));

        Map<String, ServerConfig> servers = new LinkedHashMap<>();
        ConfigView mcpServers = r.block("mcpServers");
        for (String name : mcpServers.keys()) {
            ServerConfig s = ServerSettings.read(
                    r,
                    name,
                    mcpServers.get(name).orElse(null),
                    mcpServers.pathOf(name),
                    unsetByServer.getOrDefault(name, List.of()),
                    ignored);
            if (s != null) {
                servers.put(name, s);
            }
        }
        ConfigReader system = new ConfigReader(r.block("systemConfig"));
        system.knownKeys(McpHubKeys.SYSTEM.known());
        system.present(McpHubKeys.SYSTEM.ignored()).forEach(k -> ignored.add("systemConfig." + k));

        ClusterConfig cluster = cluster(system);

        // a coordinator's groups may name servers that only its nodes run
        List<GroupConfig> groups =
                GroupSettings.read(r, cluster.groupsMayNameRemoteServers() ? null : servers.keySet(), ignored);
        RoutingConfig routing = routing(system, BearerKeys.read(r, ignored), ignored);
        String separator = system.string("nameSeparator", HubSettings.DEFAULT_SEPARATOR, s -> true, "a string");
        if (separator.isEmpty()) {
            system.error("nameSeparator", "", "a non-empty string");
            separator = HubSettings.DEFAULT_SEPARATOR;
        }
        HttpConfig http = http(system, basePath(r));
        DashboardConfig dashboard = DashboardConfig.read(system);
        r.addAll(system.result(Boolean.TRUE));

        if (!r.errors().isEmpty()) {
            throw new ConfigException(source, r.errors(), r.warnings());
        }
        return new HubSettings(
                Collections.unmodifiableMap(servers),
                groups,
                routing,
                separator,
                http,
                cluster,
                dashboard,
                object,
                r.warnings(),
                List.copyOf(ignored));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isHttpUrl(String url) {
        return ServerSettings.isHttpUrl(url);
    }

    /**
     * The part of {@code systemConfig.cluster} the engine reads itself: on or off, the mode's name (resolved against
     * the installed mode plugins at start, by {@code HubRuntime}) and the secret. The mode plugin parses its own block.
     */
    private ClusterConfig cluster(ConfigReader system) {
        if (!system.view().has("cluster")) {
            return ClusterConfig.STANDALONE;
        }
        ConfigReader r = new ConfigReader(system.block("cluster"));
        // the mode plugin's and the routing plugins' blocks are parsed (and their keys checked) by their providers
        r.knownKeys(List.of("enabled", "mode", "secret", "node", "coordinator", "stickySession", "loadBalancing"));
        boolean enabled = r.bool("enabled", false);
        String mode = r.string("mode", ClusterConfig.STANDALONE_MODE, m -> !m.isBlank(), "a mode name");
        String secret = r.string("secret", null, x -> true, "a string");
        if (secret == null || secret.isEmpty()) {
            secret = env.apply("MCPHUB_CLUSTER_SECRET");
        }
        ClusterConfig cluster = new ClusterConfig(enabled, mode, secret);
        if (cluster.clustered() && (secret == null || secret.length() < 16)) {
            // never the secret itself in a message: its length says enough
            r.add(new ConfigProblem(
                    r.view().pathOf("secret"),
                    secret == null ? ConfigProblem.MISSING : "(" + secret.length() + " characters)",
                    "a shared secret of at least 16 characters, here or in the environment variable "
                            + "MCPHUB_CLUSTER_SECRET"));
        }
        system.addAll(r.result(Boolean.TRUE));
        return cluster;
    }

    private static RoutingConfig routing(ConfigReader system, List<BearerKey> keys, Set<String> ignored) {
        ConfigReader r = new ConfigReader(system.block("routing"));
        r.knownKeys(McpHubKeys.ROUTING.known());
        r.present(McpHubKeys.ROUTING.ignored()).forEach(k -> ignored.add("systemConfig.routing." + k));
        RoutingConfig d = RoutingConfig.DEFAULTS;
        RoutingConfig routing = new RoutingConfig(
                r.bool("enableGlobalRoute", d.enableGlobalRoute()),
                r.bool("enableGroupNameRoute", d.enableGroupNameRoute()),
                r.bool("enableBearerAuth", d.enableBearerAuth()),
                r.string("bearerAuthKey", d.bearerAuthKey(), s -> true, "a string"),
                keys);
        boolean anyKey = !routing.bearerAuthKey().isEmpty() || keys.stream().anyMatch(BearerKey::enabled);
        if (routing.enableBearerAuth() && !anyKey) {
            r.error(
                    "bearerAuthKey",
                    routing.bearerAuthKey(),
                    "a non-empty key, or an enabled key in bearerKeys, when enableBearerAuth is true");
        }
        system.addAll(r.result(Boolean.TRUE));
        return routing;
    }

    /** MCPHub's {@code BASE_PATH}: "/mcphub", "mcphub" and "/mcphub/" all mean the routes start with /mcphub. */
    private String basePath(ConfigReader r) {
        String raw = env.apply("BASE_PATH");
        if (raw == null || raw.isBlank() || raw.trim().equals("/")) {
            return "";
        }
        String p = raw.trim();
        p = p.startsWith("/") ? p : "/" + p;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.matches("(/[A-Za-z0-9._~-]+)+")) {
            r.add(ConfigProblem.of("BASE_PATH (environment)", raw, "a URL path such as /mcphub"));
            return "";
        }
        return p;
    }

    private static HttpConfig http(ConfigReader system, String basePath) {
        ConfigReader r = new ConfigReader(system.block("http"));
        r.knownKeys(McpHubKeys.HTTP.known());
        HttpConfig d = HttpConfig.DEFAULTS;
        HttpConfig http = new HttpConfig(
                r.integer("maxBodyBytes", d.maxBodyBytes(), 1, Long.MAX_VALUE),
                r.millis("sessionIdleTimeout", d.sessionIdleTimeout(), 1, MAX_MILLIS),
                (int) r.integer("maxSessions", d.maxSessions(), 1, 10_000_000),
                r.millis("keepAliveInterval", d.keepAliveInterval(), 1, MAX_MILLIS),
                (int) r.integer("eventBufferSize", d.eventBufferSize(), 1, 1_000_000),
                r.strings("allowedOrigins"),
                r.strings("allowedHosts"),
                basePath);
        system.addAll(r.result(Boolean.TRUE));
        return http;
    }
}
