package io.mcphub.node;

import io.mcphub.mode.ClusterRules;
import io.mcphub.mode.ModePlugin;
import io.mcphub.mode.ModePluginProvider;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Mode plugin {@code node}: a hub that registers with a coordinator and reports its servers and load by heartbeat.
 * Reads {@code systemConfig.cluster.node} (MCPHub's {@code id, name, coordinatorUrl, heartbeatInterval,
 * registerOnStartup}, and our {@code url, weight}). The id, name, URL and heartbeat interval are checked with
 * the coordinator's own rules ({@link ClusterRules}): a value the coordinator would refuse stops the node at start.
 * {@code url} and {@code coordinatorUrl} fall back to the environment ({@value #NODE_URL_ENV},
 * {@value #COORDINATOR_URL_ENV}), so one settings file serves nodes on any address and port.
 */
public final class NodeProvider implements ModePluginProvider<NodeConfig> {
    public static final String NAME = "node";
    public static final String NODE_URL_ENV = "MCPHUB_NODE_URL";
    public static final String COORDINATOR_URL_ENV = "MCPHUB_COORDINATOR_URL";
    static final String COORDINATOR_URL_EXPECTED = "an http(s) URL, e.g. \"http://coordinator:3000\"";

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
        r.knownKeys(List.of(
                "id",
                "name",
                "url",
                "coordinatorUrl",
                "heartbeatInterval",
                "registerOnStartup",
                "weight",
                "drainTimeout"));
        String id = r.string("id", null, ClusterRules::isNodeId, ClusterRules.NODE_ID_EXPECTED);
        String name = r.string(
                "name",
                null,
                s -> !s.isBlank() && ClusterRules.isNodeName(s),
                "a non-empty " + ClusterRules.NAME_EXPECTED);
        Optional<String> url = url(r, "url", ClusterRules.URL_EXPECTED);
        Optional<String> coordinatorUrl = coordinatorUrls(r);
        if (!r.view().has("url")) {
            url = fromEnv(r, NODE_URL_ENV, ClusterRules.URL_EXPECTED);
        }
        if (!r.view().has("coordinatorUrl")) {
            coordinatorUrl = coordinatorsFromEnv(r);
            if (coordinatorUrl.isEmpty() && blank(env.apply(COORDINATOR_URL_ENV))) {
                r.error(
                        "coordinatorUrl",
                        null,
                        "the coordinator's URL, e.g. \"http://coordinator:3000\", here or in " + COORDINATOR_URL_ENV);
            }
        }
        long interval = heartbeatInterval(r);
        boolean registerOnStartup = r.bool("registerOnStartup", true);
        long weight = r.integer("weight", 1, 1, 1000);
        Duration drainTimeout = r.millis("drainTimeout", NodeConfig.DEFAULT_DRAIN_TIMEOUT, 0, 600_000);
        outer.addAll(r.result(Boolean.TRUE));
        return outer.result(new NodeConfig(
                id,
                name,
                url.orElse(null),
                coordinatorUrl.orElse(null),
                Duration.ofMillis(interval),
                registerOnStartup,
                (int) weight,
                drainTimeout));
    }

    /**
     * {@code coordinatorUrl}: one URL, several separated by commas, or an array of URLs (several coordinators: the
     * node reports to each). Normalized to the URLs joined by commas; empty when absent or invalid (then an error
     * names the item).
     */
    private static Optional<String> coordinatorUrls(ConfigReader r) {
        Optional<Object> raw = r.view().get("coordinatorUrl");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get() instanceof List<?>) {
            List<String> items = r.strings("coordinatorUrl");
            if (items.isEmpty() && r.errors().isEmpty()) {
                r.error("coordinatorUrl", raw.get(), "at least one " + COORDINATOR_URL_EXPECTED);
            }
            return join(items, r.view().pathOf("coordinatorUrl"), true, r);
        }
        if (!(raw.get() instanceof String text)) {
            r.error(
                    "coordinatorUrl",
                    raw.get(),
                    COORDINATOR_URL_EXPECTED + ", several separated by commas, or an array");
            return Optional.empty();
        }
        return join(CoordinatorUrls.split(text), r.view().pathOf("coordinatorUrl"), false, r);
    }

    /** {@value #COORDINATOR_URL_ENV}: one URL or several separated by commas; empty when unset, or bad (an error). */
    private Optional<String> coordinatorsFromEnv(ConfigReader r) {
        String value = env.apply(COORDINATOR_URL_ENV);
        if (blank(value)) {
            return Optional.empty();
        }
        return join(CoordinatorUrls.split(value), "environment variable " + COORDINATOR_URL_ENV, false, r);
    }

    /** Each item checked on its own, its problem under its own path ({@code coordinatorUrl[1]} in an array). */
    private static Optional<String> join(List<String> items, String path, boolean indexed, ConfigReader r) {
        List<String> urls = new ArrayList<>();
        boolean bad = items.isEmpty();
        for (int i = 0; i < items.size(); i++) {
            Optional<String> url = ClusterRules.httpUrl(items.get(i));
            if (url.isEmpty()) {
                bad = true;
                String at = indexed || items.size() > 1 ? path + "[" + i + "]" : path;
                r.add(ConfigProblem.of(at, items.get(i), COORDINATOR_URL_EXPECTED));
            } else if (!urls.contains(url.get())) {
                urls.add(url.get());
            }
        }
        return bad ? Optional.empty() : Optional.of(String.join(",", urls));
    }

    /** The URL without a trailing slash; empty when absent or invalid (then an error is recorded). */
    private static Optional<String> url(ConfigReader r, String key, String expected) {
        String raw = r.string(key, null, s -> ClusterRules.httpUrl(s).isPresent(), expected);
        return raw == null ? Optional.empty() : ClusterRules.httpUrl(raw);
    }

    /** An http(s) URL from the environment variable {@code name}; empty when unset, or bad (then an error). */
    private Optional<String> fromEnv(ConfigReader r, String name, String expected) {
        String value = env.apply(name);
        if (blank(value)) {
            return Optional.empty();
        }
        Optional<String> url = ClusterRules.httpUrl(value);
        if (url.isEmpty()) {
            // the path is the variable itself: the settings file has no such key to point at
            r.addAll(ConfigResult.failed(List.of(ConfigProblem.of("environment variable " + name, value, expected))));
        }
        return url;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Within the coordinator's bounds, or an error: the coordinator would refuse every registration otherwise. */
    private static long heartbeatInterval(ConfigReader r) {
        long def = NodeConfig.DEFAULT_HEARTBEAT_INTERVAL.toMillis();
        long interval = r.integer("heartbeatInterval", def, Long.MIN_VALUE, Long.MAX_VALUE);
        if (!ClusterRules.isHeartbeatInterval(interval)) {
            Object raw = r.view().get("heartbeatInterval").orElse(null);
            r.error("heartbeatInterval", raw, ClusterRules.heartbeatExpected());
            return def;
        }
        return interval;
    }

    @Override
    public ModePlugin create(NodeConfig config) {
        return new NodePlugin(config);
    }
}
