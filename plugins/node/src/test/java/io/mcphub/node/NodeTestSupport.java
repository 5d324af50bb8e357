package io.mcphub.node;

import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.support.RunningHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts real hubs in node mode, on loopback, through {@link HubRuntime}; closes what it started. */
final class NodeTestSupport implements AutoCloseable {
    static final String SECRET = "node-test-secret-0123456789";

    private final List<HubRuntime> runtimes = new ArrayList<>();

    /** A node settings file: {@code nodeFields} go into {@code cluster.node} (a JSON fragment, may be empty). */
    static String settings(String coordinatorUrl, String nodeFields, boolean withFixture, String routing) {
        String servers = withFixture ? "\"fx\": " + RunningHub.fixtureServer("fx") : "";
        return """
                {
                  "mcpServers": { %s },
                  "systemConfig": {
                    %s
                    "cluster": {
                      "enabled": true, "mode": "node", "secret": "%s",
                      "node": { "coordinatorUrl": "%s"%s }
                    }
                  }
                }
                """.formatted(
                        servers,
                        routing == null ? "" : "\"routing\": " + routing + ",",
                        SECRET,
                        coordinatorUrl,
                        nodeFields.isBlank() ? "" : ", " + nodeFields);
    }

    HubRuntime start(String settingsJson) {
        return start(settingsJson, 0);
    }

    HubRuntime start(String settingsJson, int port) {
        return start(settingsJson, "127.0.0.1", port);
    }

    /** A node listening on {@code host} (e.g. 0.0.0.0, every interface). */
    HubRuntime start(String settingsJson, String host, int port) {
        HubSettings settings;
        try {
            settings = new SettingsLoader(Map.<String, String>of()::get).parse(settingsJson, "test");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        HubRuntime runtime = HubRuntime.start(settings, PluginRegistry.load(List.of()), host, port);
        runtimes.add(runtime);
        return runtime;
    }

    /** Stops a runtime this support started, and forgets it (so that {@link #close()} does not stop it again). */
    void stop(HubRuntime runtime) {
        runtimes.remove(runtime);
        runtime.stop();
    }

    void halt(HubRuntime runtime) {
        runtimes.remove(runtime);
        runtime.halt();
    }

    @Override
    public void close() {
        for (HubRuntime r : runtimes) {
            try {
                r.halt();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        runtimes.clear();
    }
}
