package io.mcphub.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads and validates an MCPHub {@code mcp_settings.json}, reporting every problem with its JSON path. */
public final class SettingsLoader {
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

    public HubSettings parse(String text, String source) throws ConfigException {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of(new ConfigProblem("$", root == null ? "empty" : root.getNodeType().name().toLowerCase(), "an object")));
        }
        EnvExpander expander = new EnvExpander(env);
        expander.expand(root, "");
        SettingsReader r = new SettingsReader();

        Map<String, List<String>> unsetByServer = new LinkedHashMap<>();
        for (EnvExpander.Unset u : expander.unset()) {
            String server = serverOf(u.path());
            if (server != null) {
                unsetByServer.computeIfAbsent(server, k -> new ArrayList<>())
                        .add(u.path() + ": ${" + u.variable() + "} is not set");
            } else {
                r.problem(u.path(), "${" + u.variable() + "}", "environment variable " + u.variable() + " to be set");
            }
        }

        Map<String, ServerConfig> servers = new LinkedHashMap<>();
        JsonNode mcpServers = r.object(root.get("mcpServers"), "mcpServers");
        if (mcpServers != null) {
            mcpServers.fields().forEachRemaining(f -> {
                ServerConfig s = server(r, f.getKey(), f.getValue(), unsetByServer.get(f.getKey()));
                if (s != null) servers.put(f.getKey(), s);
            });
        }
        JsonNode system = r.object(root.get("systemConfig"), "systemConfig");
        ClusterConfig cluster = cluster(r, system == null ? null : r.object(system.get("cluster"), "systemConfig.cluster"));
        // a coordinator's groups may name servers that only its nodes run
        List<GroupConfig> groups = groups(r, root.get("groups"),
                cluster.groupsMayNameRemoteServers() ? null : servers.keySet());
        RoutingConfig routing = routing(r, system == null ? null : r.object(system.get("routing"), "systemConfig.routing"));
        String separator = r.string(system, "nameSeparator", "systemConfig", HubSettings.DEFAULT_SEPARATOR);
        if (separator.isEmpty()) {
            r.problem("systemConfig.nameSeparator", "\"\"", "a non-empty string");
            separator = HubSettings.DEFAULT_SEPARATOR;
        }
        HttpConfig http = http(r, system == null ? null : r.object(system.get("http"), "systemConfig.http"));

        if (!r.problems().isEmpty()) throw new ConfigException(source, r.problems());
        return new HubSettings(Collections.unmodifiableMap(servers), List.copyOf(groups), routing, separator, http, cluster, root);
    }

    private static String serverOf(String path) {
        if (!path.startsWith("mcpServers")) return null;
        String rest = path.substring("mcpServers".length());
        if (rest.startsWith(".")) {
            int end = indexOfAny(rest, 1);
            return rest.substring(1, end);
        }
        if (rest.startsWith("[\"")) {
            return rest.substring(2, rest.indexOf("\"]"));
        }
        return null;
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == '[') return i;
        }
        return s.length();
    }

    private static ServerConfig server(SettingsReader r, String name, JsonNode node, List<String> unset) {
        String path = SettingsReader.join("mcpServers", name);
        if (!node.isObject()) {
            r.problem(path, node, "an object with \"command\" or \"url\"");
            return null;
        }
        if (name.isBlank() || name.contains("/")) {
            r.problem(path, "\"" + name + "\"", "a server name without '/' (it is a URL path segment)");
        }
        int before = r.problems().size();
        String typeName = r.string(node, "type", path, null);
        String command = r.string(node, "command", path, null);
        String url = r.string(node, "url", path, null);
        TransportType type;
        if (typeName != null) {
            type = TransportType.fromConfig(typeName);
            if (type == null) {
                r.problem(SettingsReader.join(path, "type"), "\"" + typeName + "\"", "one of stdio, sse, streamable-http");
            }
        } else if (url != null) {
            type = TransportType.SSE; // MCPHub's inference: a url without a type is an SSE server
        } else if (command != null) {
            type = TransportType.STDIO;
        } else {
            r.problem(path, node, "an object with \"command\" (stdio) or \"url\" (sse, streamable-http)");
            type = null;
        }
        if (type == TransportType.STDIO && command == null) {
            r.problem(SettingsReader.join(path, "command"), "missing", "the program to start, for a stdio server");
        }
        if ((type == TransportType.SSE || type == TransportType.STREAMABLE_HTTP)) {
            if (url == null) {
                r.problem(SettingsReader.join(path, "url"), "missing", "an http(s) URL, for a " + type.configName() + " server");
            } else if (!isHttpUrl(url)) {
                r.problem(SettingsReader.join(path, "url"), "\"" + url + "\"", "an http(s) URL");
            }
        }
        List<String> args = r.strings(node, "args", path);
        Map<String, String> envVars = r.stringMap(node, "env", path);
        Map<String, String> headers = r.stringMap(node, "headers", path);
        boolean enabled = r.bool(node, "enabled", path, true);
        String optionsPath = SettingsReader.join(path, "options");
        JsonNode options = r.object(node.get("options"), optionsPath);
        Duration timeout = r.millis(options, "timeout", optionsPath, ServerConfig.DEFAULT_TIMEOUT);
        boolean resetOnProgress = r.bool(options, "resetTimeoutOnProgress", optionsPath, false);
        Duration maxTotal = r.millis(options, "maxTotalTimeout", optionsPath, null);
        Map<String, ItemOverride> tools = overrides(r, node.get("tools"), SettingsReader.join(path, "tools"));
        Map<String, ItemOverride> prompts = overrides(r, node.get("prompts"), SettingsReader.join(path, "prompts"));
        boolean perSession = r.bool(node, "perSessionClient", path, false);
        if (r.problems().size() > before) return null;

        String startError = null;
        if (type == TransportType.OPENAPI) {
            startError = "type openapi is not supported by mcphub-java";
        } else if (unset != null) {
            startError = String.join("; ", unset);
        }
        return new ServerConfig(name, type, command, args, envVars, url, headers, enabled, timeout,
                resetOnProgress, maxTotal, tools, prompts, perSession, startError);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = URI.create(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, ItemOverride> overrides(SettingsReader r, JsonNode node, String path) {
        if (r.object(node, path) == null) return Map.of();
        Map<String, ItemOverride> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
            String itemPath = SettingsReader.join(path, f.getKey());
            if (r.object(f.getValue(), itemPath) == null) return;
            out.put(f.getKey(), new ItemOverride(
                    r.bool(f.getValue(), "enabled", itemPath, true),
                    r.string(f.getValue(), "description", itemPath, null)));
        });
        return Collections.unmodifiableMap(out);
    }

    private static List<GroupConfig> groups(SettingsReader r, JsonNode node, Set<String> serverNames) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) {
            r.problem("groups", node, "an array of groups");
            return List.of();
        }
        List<GroupConfig> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "groups[" + i + "]";
            JsonNode g = r.object(node.get(i), path);
            if (g == null) continue;
            String id = r.string(g, "id", path, null);
            String name = r.string(g, "name", path, null);
            if (id == null && name == null) {
                r.problem(path, g, "a group with an \"id\" or a \"name\"");
                continue;
            }
            List<GroupConfig.Member> members = new ArrayList<>();
            JsonNode list = g.get("servers");
            if (list != null && !list.isArray()) {
                r.problem(path + ".servers", list, "an array of server names or {\"name\", \"tools\"}");
            } else if (list != null) {
                for (int j = 0; j < list.size(); j++) {
                    GroupConfig.Member m = member(r, list.get(j), path + ".servers[" + j + "]", serverNames);
                    if (m != null) members.add(m);
                }
            }
            out.add(new GroupConfig(id == null ? name : id, name == null ? id : name,
                    r.string(g, "description", path, ""), List.copyOf(members)));
        }
        return out;
    }

    private static GroupConfig.Member member(SettingsReader r, JsonNode node, String path, Set<String> serverNames) {
        String server;
        Set<String> tools = null;
        if (node.isTextual()) {
            server = node.asText();
        } else if (node.isObject() && node.path("name").isTextual()) {
            server = node.get("name").asText();
            JsonNode t = node.get("tools");
            if (t != null && !(t.isTextual() && "all".equals(t.asText()))) {
                if (!t.isArray()) {
                    r.problem(path + ".tools", t, "\"all\" or an array of tool names");
                    return null;
                }
                tools = new LinkedHashSet<>(r.strings(node, "tools", path));
            }
        } else {
            r.problem(path, node, "a server name or {\"name\": ..., \"tools\": \"all\" | [...]}");
            return null;
        }
        if (serverNames != null && !serverNames.contains(server)) {
            r.problem(path, "\"" + server + "\"", "a name in mcpServers: " + String.join(", ", serverNames));
            return null;
        }
        return new GroupConfig.Member(server, tools == null ? null : Collections.unmodifiableSet(tools));
    }

    /**
     * The part of {@code systemConfig.cluster} the engine reads itself: on or off, the mode's name (resolved against
     * the installed mode plugins at start, by {@code HubRuntime}) and the secret. The mode plugin parses its own block.
     */
    private ClusterConfig cluster(SettingsReader r, JsonNode node) {
        if (node == null) return ClusterConfig.STANDALONE;
        String path = "systemConfig.cluster";
        boolean enabled = r.bool(node, "enabled", path, false);
        String mode = r.string(node, "mode", path, ClusterConfig.STANDALONE_MODE);
        String secret = r.string(node, "secret", path, null);
        if (secret == null || secret.isEmpty()) secret = env.apply("MCPHUB_CLUSTER_SECRET");
        ClusterConfig cluster = new ClusterConfig(enabled, mode, secret);
        if (cluster.clustered() && (secret == null || secret.length() < 16)) {
            r.problem(path + ".secret", secret == null ? "missing" : "(" + secret.length() + " characters)",
                    "a shared secret of at least 16 characters, here or in the environment variable MCPHUB_CLUSTER_SECRET");
        }
        return cluster;
    }

    private static RoutingConfig routing(SettingsReader r, JsonNode node) {
        String path = "systemConfig.routing";
        RoutingConfig d = RoutingConfig.DEFAULTS;
        RoutingConfig routing = new RoutingConfig(
                r.bool(node, "enableGlobalRoute", path, d.enableGlobalRoute()),
                r.bool(node, "enableGroupNameRoute", path, d.enableGroupNameRoute()),
                r.bool(node, "enableBearerAuth", path, d.enableBearerAuth()),
                r.string(node, "bearerAuthKey", path, d.bearerAuthKey()));
        if (routing.enableBearerAuth() && routing.bearerAuthKey().isEmpty()) {
            r.problem(path + ".bearerAuthKey", "\"\"", "a non-empty key when enableBearerAuth is true");
        }
        return routing;
    }

    private static HttpConfig http(SettingsReader r, JsonNode node) {
        String path = "systemConfig.http";
        HttpConfig d = HttpConfig.DEFAULTS;
        long buffer = r.positiveLong(node, "eventBufferSize", path, d.eventBufferSize());
        long maxSessions = r.positiveLong(node, "maxSessions", path, d.maxSessions());
        if (buffer > 1_000_000) r.problem(path + ".eventBufferSize", String.valueOf(buffer), "<= 1000000");
        if (maxSessions > 10_000_000) r.problem(path + ".maxSessions", String.valueOf(maxSessions), "<= 10000000");
        return new HttpConfig(
                r.positiveLong(node, "maxBodyBytes", path, d.maxBodyBytes()),
                r.millis(node, "sessionIdleTimeout", path, d.sessionIdleTimeout()),
                (int) Math.min(maxSessions, 10_000_000),
                r.millis(node, "keepAliveInterval", path, d.keepAliveInterval()),
                (int) Math.min(buffer, 1_000_000),
                r.strings(node, "allowedOrigins", path),
                r.strings(node, "allowedHosts", path));
    }
}
