package io.mcphub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.support.ProviderJars;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemConfig.cluster.mode} is resolved against the installed {@code hub-plugin}s: any name one provides,
 * none for {@code standalone} or a disabled block, and a clear refusal, with the path, for anything else. The
 * providers here are compiled into jars of their own, as a third party's would be.
 */
class ModeSelectionTest {
    private static final String SECRET = "mode-selection-secret-0123";
    private static final String SERVICE = "io.mcphub.spi.HubPluginProvider";

    /** A provider of the family that is not a {@code ModePluginProvider}: the engine cannot start its plugins. */
    private static final String SPI_ONLY = """
            package acme;
            import io.mcphub.support.ProviderJars;
import io.mcphub.spi.*;
            public class SpiOnly implements HubPluginProvider<String> {
                public String name() { return "spi-only"; }
                public ConfigResult<String> parse(ConfigView v) {
                    return ConfigResult.ok("x");
                }
                public HubPlugin create(String c) { return () -> { }; }
            }
            """;

    /** A mode plugin that insists on its own setting, and fails to start when told to. */
    private static final String STRICT = """
            package acme;
            import io.mcphub.mode.*;
            import io.mcphub.spi.*;
            public class Strict implements ModePluginProvider<Boolean> {
                public String name() { return "strict"; }
                public ConfigResult<Boolean> parse(ConfigView cluster) {
                    ConfigReader r = new ConfigReader(cluster);
                    boolean fail = r.bool("failOnStart", false);
                    if (!cluster.has("level")) { r.error("level", null, "a level"); }
                    return r.result(fail);
                }
                public ModePlugin create(Boolean fail) {
                    return new ModePlugin() {
                        public void start(ModeContext c) { if (fail) { throw new IllegalStateException("no luck"); } }
                        public void stop() { }
                    };
                }
            }
            """;

    @TempDir
    static Path dir;

    private static PluginRegistry registry;

    @BeforeAll
    static void buildJars() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("plugins"));
        ProviderJars.build(jars.resolve("spi-only.jar"), "acme.SpiOnly", SPI_ONLY, SERVICE, null);
        ProviderJars.build(jars.resolve("strict.jar"), "acme.Strict", STRICT, SERVICE, null);
        registry = PluginRegistry.load(List.of(jars));
    }

    private static PluginRegistry plugins() {
        return registry;
    }

    /** A settings file with this cluster block, which also selects the routing plugins on the engine's test path. */
    private static HubSettings settings(String cluster) throws Exception {
        String routing = "{\"stickySession\": {\"strategy\": \"fake-sticky\"}, \"loadBalancing\": {\"policy\":"
                + " \"fake-balancer\"}, ";
        return new SettingsLoader(Map.<String, String>of()::get)
                .parse("{\"systemConfig\": {\"cluster\": " + routing + cluster.substring(1) + "}}", "test");
    }

    @Test
    void aModeNoPluginProvides_isRefusedWithThePathAndTheInstalledNames() throws Exception {
        List<String> problems = HubRuntime.validate(
                settings("{\"enabled\": true, \"mode\": \"nope\", \"secret\": \"" + SECRET + "\"}"), plugins());
        assertEquals(
                List.of("systemConfig.cluster.mode: \"nope\" (expected: \"standalone\" or the name of an installed"
                        + " mode plugin: [spi-only, strict])"),
                problems);
    }

    @Test
    void standaloneOrADisabledBlock_startsNoPlugin_whateverTheModeSays() throws Exception {
        PluginRegistry plugins = plugins();
        assertEquals(
                List.of(), HubRuntime.validate(settings("{\"enabled\": true, \"mode\": \"standalone\"}"), plugins));
        assertEquals(List.of(), HubRuntime.validate(settings("{\"enabled\": false, \"mode\": \"nope\"}"), plugins));
        assertTrue(settings("{\"enabled\": false, \"mode\": \"strict\"}")
                .cluster()
                .activeMode()
                .equals("standalone"));
    }

    @Test
    void aProviderTheEngineCannotStart_isRefusedAtValidation() throws Exception {
        List<String> problems = HubRuntime.validate(
                settings("{\"enabled\": true, \"mode\": \"spi-only\", \"secret\": \"" + SECRET + "\"}"), plugins());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith("systemConfig.cluster.mode: \"spi-only\" (expected: a mode plugin whose"
                                + " provider implements io.mcphub.mode.ModePluginProvider; acme.SpiOnly does not)"),
                problems.get(0));
    }

    @Test
    void theSelectedPluginsOwnConfigErrors_areReportedWithTheirPaths() throws Exception {
        List<String> problems = HubRuntime.validate(
                settings("{\"enabled\": true, \"mode\": \"strict\", \"secret\": \"" + SECRET + "\"}"), plugins());
        assertEquals(List.of("systemConfig.cluster.level: (missing) (expected: a level)"), problems);
    }

    @Test
    void aPluginThatFailsToStart_stopsTheStart_andFreesThePort() throws Exception {
        PluginRegistry plugins = plugins();
        HubSettings failing = settings("{\"enabled\": true, \"mode\": \"strict\", \"level\": 1, \"failOnStart\": true,"
                + " \"secret\": \"" + SECRET + "\"}");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int chosen = port;
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> HubRuntime.start(failing, plugins, "127.0.0.1", chosen));
        assertEquals("the strict plugin could not start: no luck", e.getMessage());
        try (ServerSocket again = new ServerSocket(port)) {
            assertEquals(port, again.getLocalPort(), "the hub that failed to start let its port go");
        }
    }
}
