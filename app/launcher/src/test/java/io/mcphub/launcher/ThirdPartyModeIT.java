package io.mcphub.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.support.ProviderJars;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mode family is open: a third party's mode plugin, compiled here against the engine's declared API
 * ({@code io.mcphub.mode}) into a jar of its own, is loaded from {@code --plugins} by the real {@code mcphub.jar} and
 * started when {@code systemConfig.cluster.mode} names it.
 */
class ThirdPartyModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("mcphub listening on port (\\d+)");
    private static final String SECRET = "third-party-mode-secret-0123";

    /** A mode plugin that reads its own block and answers on a route of its own. */
    private static final String PROVIDER = """
            package acme.mode;

            import io.mcphub.api.ApiResponse;
            import io.mcphub.jsonrpc.Json;
            import io.mcphub.mode.ModeContext;
            import io.mcphub.mode.ModePlugin;
            import io.mcphub.mode.ModePluginProvider;
            import io.mcphub.spi.ConfigReader;
            import io.mcphub.spi.ConfigResult;
            import io.mcphub.spi.ConfigView;

            public class GreeterModeProvider implements ModePluginProvider<String> {
                public String name() {
                    return "acme-greeter";
                }

                public ConfigResult<String> parse(ConfigView cluster) {
                    ConfigReader outer = new ConfigReader(cluster);
                    ConfigReader own = new ConfigReader(outer.block("greeter"));
                    String greeting = own.string("greeting", "hello");
                    outer.addAll(own.result(greeting));
                    return outer.result(greeting);
                }

                public ModePlugin create(String greeting) {
                    return new ModePlugin() {
                        public void start(ModeContext context) {
                            context.routes().get("/api/greeter", request -> ApiResponse.ok(Json.object()
                                    .put("greeting", greeting)
                                    .put("servers", String.join(",", context.localServers()))
                                    .put("advertised", context.advertisedUrl())));
                        }

                        public void stop() {
                        }
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aModePluginFromThePluginsFolder_isSelectedByName_andRuns() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        ProviderJars.build(
                plugins.resolve("acme-greeter.jar"),
                "acme.mode.GreeterModeProvider",
                PROVIDER,
                "io.mcphub.spi.HubPluginProvider",
                null);
        Path settings = settings("acme-greeter", "\"greeter\": {\"greeting\": \"hi from acme\"}");

        Path log = dir.resolve("hub.log");
        launch(
                log,
                "--config",
                settings.toString(),
                "--plugins",
                plugins.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1");
        int port = awaitListening(log);

        HttpResponse<String> r = get(port, "/api/greeter");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = JSON.readTree(r.body()).path("data");
        assertEquals("hi from acme", data.path("greeting").asText(), "the plugin parsed its own block");
        assertEquals("local", data.path("servers").asText());
        assertEquals("http://127.0.0.1:" + port, data.path("advertised").asText());
        assertTrue(Files.readString(log).contains("cluster mode acme-greeter started"), Files.readString(log));
    }

    @Test
    void aModeNoPluginProvides_isRefusedAtStart_namingTheInstalledModes() throws Exception {
        Path log = dir.resolve("hub.log");
        Process p = launch(log, "--config", settings("acme-missing", "").toString(), "--port", "0");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), Files.readString(log));
        assertEquals(2, p.exitValue(), Files.readString(log));
        String out = Files.readString(log);
        assertTrue(
                out.contains("systemConfig.cluster.mode: \"acme-missing\" (expected: \"standalone\" or the name"
                        + " of an installed mode plugin: [coordinator, node])"),
                out);
    }

    private Path settings(String mode, String extra) throws IOException {
        String json = """
                {"mcpServers": {"local": {"command": "/bin/false", "enabled": false}},
                 "systemConfig": {"cluster": {"enabled": true, "mode": "%s", "secret": "%s"%s}}}
                """.formatted(mode, SECRET, extra.isEmpty() ? "" : ", " + extra);
        Path f = dir.resolve("settings-" + mode + ".json");
        Files.writeString(f, json);
        return f;
    }

    private Process launch(Path log, String... args) throws IOException {
        String jar = System.getProperty("mcphub.jar");
        assertNotNull(jar, "system property mcphub.jar is not set (run through failsafe)");
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("PORT");
        pb.environment().remove("MCPHUB_SETTING_PATH");
        pb.environment().remove("MCPHUB_CLUSTER_SECRET");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private int awaitListening(Path log) {
        Matcher[] m = new Matcher[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            m[0] = LISTENING.matcher(Files.readString(log));
            return m[0].find();
        });
        return Integer.parseInt(m[0].group(1));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
