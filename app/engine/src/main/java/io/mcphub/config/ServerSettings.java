package io.mcphub.config;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigView;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads one entry of {@code mcpServers} into a {@link ServerConfig}, reporting into the loader's reader. */
final class ServerSettings {
    private static final long MAX_MILLIS = Long.MAX_VALUE;

    private ServerSettings() {}

    /**
     * The server, or null when it cannot be read. When the entry names unset variables, the server is kept with a
     * start error naming them, and problems at the paths that held them are dropped: an empty URL is a
     * consequence of the unset variable, not a second mistake.
     */
    static ServerConfig read(
            ConfigReader out,
            String name,
            Object value,
            String path,
            List<EnvExpander.Unset> unset,
            Set<String> ignored) {
        if (!(value instanceof ConfigView node)) {
            out.add(ConfigProblem.of(path, value, "an object with \"command\" or \"url\""));
            return null;
        }
        ConfigReader r = new ConfigReader(node);
        if (name.isBlank() || name.contains("/")) {
            r.add(ConfigProblem.of(path, name, "a server name without '/' (it is a URL path segment)"));
        }
        r.knownKeys(McpHubKeys.SERVER.known());
        r.present(McpHubKeys.SERVER.ignored()).forEach(k -> ignored.add("mcpServers.*." + k));
        ServerConfig server = parse(r, name, node, path, unset);
        List<ConfigProblem> errors =
                r.errors().stream().filter(p -> !causedBy(p, unset)).toList();
        errors.forEach(out::add);
        r.warnings().forEach(out::addWarning);
        return errors.isEmpty() ? server : null;
    }

    private static boolean causedBy(ConfigProblem p, List<EnvExpander.Unset> unset) {
        for (EnvExpander.Unset u : unset) {
            String at = u.path();
            if (at.equals(p.path()) || at.startsWith(p.path() + ".") || at.startsWith(p.path() + "[")) {
                return true;
            }
        }
        return false;
    }

    private static ServerConfig parse(
            ConfigReader r, String name, ConfigView node, String path, List<EnvExpander.Unset> unset) {
        String typeName = r.string("type", null, s -> true, "a string");
        String command = r.string("command", null, s -> true, "a string");
        String url = r.string("url", null, s -> true, "a string");
        TransportType type = type(r, typeName, command, url, path);
        if (type == TransportType.STDIO && command == null) {
            r.add(new ConfigProblem(
                    path + ".command", ConfigProblem.MISSING, "the program to start, for a stdio server"));
        }
        if (type == TransportType.SSE || type == TransportType.STREAMABLE_HTTP) {
            if (url == null) {
                r.add(new ConfigProblem(
                        path + ".url",
                        ConfigProblem.MISSING,
                        "an http(s) URL, for a " + type.configName() + " server"));
            } else if (!isHttpUrl(url)) {
                r.error("url", url, "an http(s) URL");
            }
        }
        List<String> args = r.strings("args");
        Map<String, String> env = r.stringMap("env");
        Map<String, String> headers = r.stringMap("headers");
        boolean enabled = r.bool("enabled", true);
        ConfigReader options = new ConfigReader(r.block("options"));
        options.knownKeys(McpHubKeys.OPTIONS.known());
        Duration timeout = options.millis("timeout", ServerConfig.DEFAULT_TIMEOUT, 1, MAX_MILLIS);
        boolean resetOnProgress = options.bool("resetTimeoutOnProgress", false);
        Duration maxTotal = options.millis("maxTotalTimeout", null, 1, MAX_MILLIS);
        // MCPHub's database mode keeps these two in options; the top-level keys win
        boolean onDemand = r.bool("startOnDemand", options.bool("startOnDemand", false));
        Duration idle = r.millis(
                "idleTimeoutMs",
                options.millis("idleTimeoutMs", ServerConfig.DEFAULT_IDLE_TIMEOUT, 1, MAX_MILLIS),
                1,
                MAX_MILLIS);
        r.addAll(options.result(Boolean.TRUE));
        Map<String, ItemOverride> tools = overrides(r, "tools");
        Map<String, ItemOverride> prompts = overrides(r, "prompts");
        Map<String, ItemOverride> resources = overrides(r, "resources");
        List<String> passthrough = r.strings("passthroughHeaders");
        boolean keepAliveOn = r.bool("enableKeepAlive", type == TransportType.SSE);
        Duration interval = r.millis("keepAliveInterval", ServerConfig.DEFAULT_KEEP_ALIVE, 1000, MAX_MILLIS);
        ProxyConfig proxy = proxy(r);
        boolean perSession = r.bool("perSessionClient", false);
        UpstreamProtocol protocol = UpstreamProtocol.of(r.oneOf("protocol", "auto", UpstreamProtocol.NAMES));

        String startError = null;
        if (type == TransportType.OPENAPI) {
            startError = "type openapi is not supported by mcphub-java";
        } else if (!unset.isEmpty()) {
            startError = unsetMessage(unset);
        } else if (proxy != null) {
            startError = proxyError(type, proxy);
        }
        return new ServerConfig(
                name,
                type,
                command,
                args,
                env,
                url,
                headers,
                enabled,
                timeout,
                resetOnProgress,
                maxTotal,
                tools,
                prompts,
                resources,
                passthrough,
                keepAliveOn ? interval : null,
                onDemand,
                idle,
                proxy,
                perSession,
                protocol,
                startError);
    }

    /** {@code environment variable API_KEY is not set (mcpServers.x.env.API_KEY)}, for every unset variable. */
    static String unsetMessage(List<EnvExpander.Unset> unset) {
        Map<String, List<String>> byVariable = new LinkedHashMap<>();
        unset.forEach(u ->
                byVariable.computeIfAbsent(u.variable(), k -> new ArrayList<>()).add(u.path()));
        return byVariable.entrySet().stream()
                .map(e ->
                        "environment variable " + e.getKey() + " is not set (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }

    private static TransportType type(ConfigReader r, String typeName, String command, String url, String path) {
        if (typeName != null) {
            TransportType type = TransportType.fromConfig(typeName);
            if (type == null) {
                r.error("type", typeName, "one of stdio, sse, streamable-http");
            }
            return type;
        }
        if (url != null) {
            return TransportType.SSE; // MCPHub's inference: a url without a type is an SSE server
        }
        if (command != null) {
            return TransportType.STDIO;
        }
        r.add(new ConfigProblem(path, "{...}", "an object with \"command\" (stdio) or \"url\" (sse, streamable-http)"));
        return null;
    }

    static boolean isHttpUrl(String url) {
        try {
            URI u = URI.create(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, ItemOverride> overrides(ConfigReader r, String key) {
        ConfigView block = r.block(key);
        Map<String, ItemOverride> out = new LinkedHashMap<>();
        for (String item : block.keys()) {
            Object v = block.get(item).orElse(null);
            if (!(v instanceof ConfigView o)) {
                r.add(ConfigProblem.of(block.pathOf(item), v, "an object: {\"enabled\": ..., \"description\": ...}"));
                continue;
            }
            ConfigReader ir = new ConfigReader(o);
            ir.knownKeys(McpHubKeys.ITEM_OVERRIDE.known());
            out.put(
                    item,
                    new ItemOverride(ir.bool("enabled", true), ir.string("description", null, s -> true, "a string")));
            r.addAll(ir.result(Boolean.TRUE));
        }
        return Collections.unmodifiableMap(out);
    }

    private static ProxyConfig proxy(ConfigReader r) {
        if (!r.view().has("proxy")) {
            return null;
        }
        ConfigReader p = new ConfigReader(r.block("proxy"));
        p.knownKeys(McpHubKeys.PROXY.known());
        boolean enabled = p.bool("enabled", false);
        String configPath = p.string("configPath", null);
        String type = p.oneOf("type", "socks5", List.of("socks4", "socks5", "http"));
        String host = p.string("host", null);
        int port = (int) p.integer("port", 0, 1, 65535);
        String user = p.string("username", null, s -> true, "a string");
        String password = p.string("password", null, s -> true, "a string");
        if (enabled && configPath == null && (host == null || port == 0)) {
            p.add(new ConfigProblem(
                    p.view().path(), "{...}", "\"host\" and \"port\" of the proxy (or a proxychains4 \"configPath\")"));
        }
        r.addAll(p.result(Boolean.TRUE));
        return enabled ? new ProxyConfig(type, host, port, user, password, configPath) : null;
    }

    /**
     * Why a server cannot run through its proxy here, or null. It is never run without it: a proxy is there for a
     * reason (reach, policy), and going around it silently would be worse than being down.
     */
    private static String proxyError(TransportType type, ProxyConfig proxy) {
        if (type == TransportType.STDIO) {
            return "proxy is not supported for stdio servers by mcphub-java (MCPHub runs them under proxychains4);"
                    + " remove \"proxy\" or set the server's own proxy variables in \"env\"";
        }
        if (proxy.configPath() != null || !proxy.type().equals("http")) {
            return "proxy " + (proxy.configPath() != null ? "configPath (a proxychains4 file)" : "type " + proxy.type())
                    + " is not supported for HTTP servers by mcphub-java (only \"type\": \"http\")";
        }
        return null;
    }

    /** A list of names that MCPHub also accepts as {@code "all"}; null means all. */
    static Set<String> selection(ConfigReader r, String key, String what) {
        Object v = r.view().get(key).orElse(null);
        if (v == null || "all".equals(v)) {
            return null;
        }
        if (!(v instanceof List<?>)) {
            r.error(key, v, "\"all\" or an array of " + what);
            return null;
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(r.strings(key)));
    }
}
