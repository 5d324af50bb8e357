package io.mcphub.support;

import static org.awaitility.Awaitility.await;

import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.http.HubServer;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.testkit.fixture.FixtureProcess;
import io.mcphub.upstream.TransportFactory;
import io.mcphub.upstream.Upstream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A real hub on a real socket (loopback, ephemeral port), in this JVM, with real upstream processes. */
public final class RunningHub implements AutoCloseable {
    private final Hub hub;
    private final HubServer server;

    private RunningHub(Hub hub, HubServer server) {
        this.hub = hub;
        this.server = server;
    }

    public static RunningHub start(String settingsJson) {
        return start(settingsJson, Map.of());
    }

    /** A hub whose settings see {@code env} over the process environment (e.g. MCPHub's BASE_PATH). */
    public static RunningHub start(String settingsJson, Map<String, String> env) {
        HubSettings settings;
        try {
            settings = new SettingsLoader(v -> env.containsKey(v) ? env.get(v) : System.getenv(v))
                    .parse(settingsJson, "test settings");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Hub hub = new Hub(settings, TransportFactory.DEFAULT);
        HubServer server = new HubServer(hub, "127.0.0.1", 0).start();
        hub.start();
        return new RunningHub(hub, server);
    }

    /** Starts the hub and waits until every named server is connected. */
    public static RunningHub startConnected(String settingsJson, String... servers) {
        RunningHub h = start(settingsJson);
        h.awaitConnected(servers);
        return h;
    }

    /** A JSON string of the fixture's command line, for "command"/"args" in a settings file. */
    public static String fixtureServer(String name, String... extraArgs) {
        List<String> cl = new ArrayList<>(FixtureProcess.command(
                extraArgs.length == 0
                        ? new String[] {"--name", name}
                        : concat(new String[] {"--name", name}, extraArgs)));
        String command = cl.remove(0);
        return "{\"command\": " + quote(command) + ", \"args\": ["
                + cl.stream().map(RunningHub::quote).collect(Collectors.joining(", ")) + "]}";
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static String quote(String s) {
        return Json.write(Json.NODES.textNode(s));
    }

    public void awaitConnected(String... servers) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (String s : servers) {
                Upstream u = hub.upstream(s);
                if (u == null || !u.status().connected()) {
                    return false;
                }
            }
            return true;
        });
    }

    public Hub hub() {
        return hub;
    }

    public int port() {
        return server.port();
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    public McpHttpClient client(String path) {
        return new McpHttpClient(url(path));
    }

    @Override
    public void close() {
        server.stop();
        hub.stop();
    }
}
