package io.mcphub.node;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.HubPlugin;
import io.mcphub.spi.HubPluginProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Mode plugin {@code node}: a hub that registers with a coordinator and reports its servers and load by heartbeat.
 * Reads {@code systemConfig.cluster.node} (MCPHub's {@code id, name, coordinatorUrl, heartbeatInterval,
 * registerOnStartup}, and our {@code url, weight}). {@code url} and {@code coordinatorUrl} fall back to the environment
 * ({@value #NODE_URL_ENV}, {@value #COORDINATOR_URL_ENV}), so one settings file serves nodes on any address and port.
 */
public final class NodeProvider implements HubPluginProvider<NodeConfig> {
    public static final String NAME = "node";
    public static final String NODE_URL_ENV = "MCPHUB_NODE_URL";
    public static final String COORDINATOR_URL_ENV = "MCPHUB_COORDINATOR_URL";

    /** Below this a heartbeat interval is a typo, not a setting (tests use 100 ms). */
    static final long MIN_HEARTBEAT_MS = 10;
    static final long MAX_HEARTBEAT_MS = 3_600_000;

    private final Function<String, String> env;

    /** The provider ServiceLoader creates: it reads the process environment. */
    public NodeProvider() {
        this(System::getenv);
    }

    /** A provider that reads variables from {@code env} (tests). */
    NodeProvider(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigResult<NodeConfig> parse(ConfigView cluster) {
        ConfigReader outer = new ConfigReader(cluster);
        ConfigReader r = new ConfigReader(outer.block("node"));
        String id = r.string("id", null, s -> s.matches("[A-Za-z0-9._-]{1,64}"), "1 to 64 letters, digits, '.', '_' or '-'");
        String name = r.string("name", null);
        String url = r.string("url", null, NodeProvider::isHttpUrl, "the http(s) URL other hubs reach this node at");
        if (!r.view().has("url")) {
            url = fromEnv(r, NODE_URL_ENV, "the http(s) URL other hubs reach this node at");
        }
        String coordinatorUrl = r.string("coordinatorUrl", null, NodeProvider::isHttpUrl,
                "an http(s) URL, e.g. \"http://coordinator:3000\"");
        if (!r.view().has("coordinatorUrl")) {
            coordinatorUrl = fromEnv(r, COORDINATOR_URL_ENV, "an http(s) URL, e.g. \"http://coordinator:3000\"");
            if (coordinatorUrl == null) {
                r.error("coordinatorUrl", null, "the coordinator's URL, e.g. \"http://coordinator:3000\", here or in "
                        + COORDINATOR_URL_ENV);
            }
        }
        long interval = r.integer("heartbeatInterval", NodeConfig.DEFAULT_HEARTBEAT_INTERVAL.toMillis(), MIN_HEARTBEAT_MS,
                MAX_HEARTBEAT_MS);
        boolean registerOnStartup = r.bool("registerOnStartup", true);
        long weight = r.integer("weight", 1, 1, 1000);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new NodeConfig(id, name, url == null ? null : stripSlash(url),
                coordinatorUrl == null ? null : stripSlash(coordinatorUrl), Duration.ofMillis(interval), registerOnStartup,
                (int) weight));
    }

    @Override
    public HubPlugin create(NodeConfig config) {
        return new NodePlugin(config);
    }

    /** An http(s) URL from the environment variable {@code name}, null when unset; a bad one is an error. */
    private String fromEnv(ConfigReader r, String name, String expected) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!isHttpUrl(value)) {
            // the path is the variable itself: the settings file has no such key to point at
            r.addAll(ConfigResult.failed(List.of(ConfigProblem.of("environment variable " + name, value, expected))));
            return null;
        }
        return value.trim();
    }

    static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s.trim());
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }
}
