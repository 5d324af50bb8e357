package io.mcphub.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.testkit.fixture.FixtureProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mcphub.jar}, started with {@code java -jar}: command line, exit codes, signals and child processes.
 */
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern LISTENING = Pattern.compile("mcphub listening on port (\\d+) \\(.*threads: (\\w+)\\)");
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path dir;

    private final List<Launched> started = new ArrayList<>();

    /**
     * A started jar with its merged stdout/stderr in a file. Not a pipe: {@link Process#destroy()} closes the
     * parent's end of the pipes at once, which would lose what the hub logs while it shuts down.
     */
    private static final class Launched {
        final Process process;
        final Path log;

        Launched(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the jar did not exit; output:\n" + output());
            return process.exitValue();
        }

        Matcher awaitListening() {
            Matcher[] m = new Matcher[1];
            await().atMost(Duration.ofSeconds(60))
                    .failFast("the jar exited:\n" + output(), () -> !process.isAlive())
                    .until(() -> {
                        m[0] = LISTENING.matcher(output());
                        return m[0].find();
                    });
            return m[0];
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Launched l : started) {
            l.process.destroyForcibly();
            l.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String jar() {
        String jar = System.getProperty("mcphub.jar");
        assertNotNull(jar, "system property mcphub.jar is not set (run through failsafe)");
        assertTrue(Files.isRegularFile(Path.of(jar)), "no jar at " + jar + "; run mvn verify");
        return jar;
    }

    private static String defaultJava() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private Launched launch(String java, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("hub-" + started.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("PORT");
        pb.environment().remove("MCPHUB_SETTING_PATH");
        pb.environment().putAll(env);
        Launched l = new Launched(pb.start(), log);
        started.add(l);
        return l;
    }

    private Launched launch(String... args) throws IOException {
        return launch(defaultJava(), Map.of(), args);
    }

    private Path settings(String name, ObjectNode root) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return f;
    }

    private Path fixtureSettings() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode server = root.putObject("mcpServers").putObject("fixture");
        List<String> cl = new ArrayList<>(FixtureProcess.command("--name", "fixture"));
        server.put("command", cl.remove(0));
        ArrayNode args = server.putArray("args");
        cl.forEach(args::add);
        return settings("fixture_settings.json", root);
    }

    private Path lightSettings(String serverName) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("mcpServers")
                .putObject(serverName)
                .put("command", "/bin/false")
                .put("enabled", false);
        return settings("light_settings.json", root);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String sessionId, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The pid of the hub's fixture child, asked through the hub's own /mcp with the fixture's whoami tool. */
    private static long fixturePid(int port) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get(port, "/health").statusCode() == 200
                        && JSON.readTree(get(port, "/api/servers").body())
                                .path("data")
                                .path(0)
                                .path("status")
                                .asText()
                                .equals("connected"));
        HttpResponse<String> init = post(
                port,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> call = post(
                port,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"fixture-whoami\",\"arguments\":{}}}");
        assertEquals(200, call.statusCode(), call.body());
        JsonNode who = JSON.readTree(call.body()).path("result").path("structuredContent");
        assertEquals("fixture", who.path("name").asText(), call.body());
        long pid = who.path("pid").asLong();
        assertTrue(pid > 0, call.body());
        return pid;
    }

    @Test
    void help_printsEveryFlagAndExitsZero() throws Exception {
        Launched l = launch("--help");
        assertEquals(0, l.awaitExit(), l.output());
        String out = l.output();
        for (String flag : List.of(
                "--config",
                "--port",
                "--host",
                "--plugins",
                "--list-plugins",
                "--version",
                "--help",
                "PORT",
                "MCPHUB_SETTING_PATH")) {
            assertTrue(out.contains(flag), "--help does not mention " + flag + ":\n" + out);
        }
    }

    @Test
    void unknownFlag_exits64() throws Exception {
        Launched l = launch("--bogus");
        assertEquals(64, l.awaitExit(), l.output());
        assertTrue(l.output().contains("unknown option: --bogus"), l.output());
    }

    @Test
    void badPort_exits64() throws Exception {
        Launched l = launch("--port", "70000");
        assertEquals(64, l.awaitExit(), l.output());
        assertTrue(l.output().contains("--port: 70000 (expected: a port number from 0 to 65535)"), l.output());
    }

    @Test
    void badSettingsFile_exits2WithPathAndExpectedValue() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("mcpServers")
                .putObject("x")
                .put("command", "node")
                .putObject("options")
                .put("timeout", -5);
        Path f = settings("bad.json", root);
        Launched l = launch("--config", f.toString(), "--port", "0");
        assertEquals(2, l.awaitExit(), l.output());
        assertTrue(
                l.output().contains("mcpServers.x.options.timeout: -5 (expected: milliseconds, an integer >= 1)"),
                l.output());

        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"mcpServers\": {\n");
        Launched l2 = launch("--config", notJson.toString(), "--port", "0");
        assertEquals(2, l2.awaitExit(), l2.output());
        assertTrue(l2.output().contains("is not valid JSON at line"), l2.output());

        Launched l3 = launch("--config", dir.resolve("missing.json").toString(), "--port", "0");
        assertEquals(2, l3.awaitExit(), l3.output());
        assertTrue(l3.output().contains("settings file not found"), l3.output());
    }

    @Test
    void mcpHubsEnvVarsExample_startsWithItsServersDownNamingTheUnsetVariables() throws Exception {
        Path f = Path.of("src/test/resources/mcphub-settings/examples_mcp_settings_with_env_vars.json")
                .toAbsolutePath();
        Launched l = launch("--config", f.toString(), "--port", "0", "--host", "127.0.0.1");
        int port = Integer.parseInt(l.awaitListening().group(1));
        HttpResponse<String> health = get(port, "/health");
        assertEquals(200, health.statusCode(), "liveness: the hub serves, servers down or not: " + health.body());
        JsonNode down = JSON.readTree(health.body()).path("down");
        assertEquals(5, down.size(), health.body());
        String body = health.body();
        for (String variable : List.of("MCP_SERVER_URL", "SERVER_HOST", "PYTHON_PATH", "OAUTH_SERVER_URL")) {
            assertTrue(body.contains("environment variable " + variable + " is not set"), body);
        }
        assertTrue(l.output().contains("MCPHub settings this hub does not act on (ignored): users"), l.output());
        assertFalse(l.output().contains("(unknown key)"), l.output());
    }

    @Test
    void portAndSettingPathFromEnvironment_areHonouredWithoutFlags() throws Exception {
        Path f = lightSettings("fromenv");
        Launched l = launch(defaultJava(), Map.of("PORT", "0", "MCPHUB_SETTING_PATH", f.toString()));
        int port = Integer.parseInt(l.awaitListening().group(1));
        assertTrue(port > 0);
        HttpResponse<String> servers = get(port, "/api/servers");
        assertEquals(200, servers.statusCode(), servers.body());
        assertEquals(
                "fromenv",
                JSON.readTree(servers.body()).path("data").path(0).path("name").asText(),
                servers.body());
        assertEquals(200, get(port, "/health").statusCode());
    }

    @Test
    void sigterm_stopsTheHubAndItsStdioChildren() throws Exception {
        Launched l = launch("--config", fixtureSettings().toString(), "--port", "0", "--host", "127.0.0.1");
        Matcher m = l.awaitListening();
        assertEquals("platform", m.group(2), "JDK 17 has no virtual threads: " + m.group());
        int port = Integer.parseInt(m.group(1));
        HttpResponse<String> health = get(port, "/health");
        assertEquals(200, health.statusCode(), health.body());
        long pid = fixturePid(port);
        ProcessHandle child =
                ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("fixture " + pid + " not running"));
        assertTrue(l.process.toHandle().descendants().anyMatch(p -> p.pid() == pid), "the fixture is the hub's child");

        l.process.destroy(); // SIGTERM
        int code = l.awaitExit();
        assertEquals(143, code, "exit status after SIGTERM (128 + 15):\n" + l.output());
        await().atMost(Duration.ofSeconds(5)).until(() -> !child.isAlive());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(l.output().contains("mcphub stopping"), "the shutdown hook ran:\n" + l.output());
    }

    @Test
    void kill9_leavesNoStdioChildAlive() throws Exception {
        Launched l = launch("--config", fixtureSettings().toString(), "--port", "0", "--host", "127.0.0.1");
        int port = Integer.parseInt(l.awaitListening().group(1));
        long pid = fixturePid(port);
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();

        l.process.destroyForcibly(); // SIGKILL: no shutdown hook; the fixture sees EOF on stdin
        assertTrue(l.process.waitFor(10, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> !child.isAlive());
    }

    @Test
    void onJdk25_theHubUsesVirtualThreads() throws Exception {
        // the project targets JDK 25 for virtual threads (README); a machine without it fails here rather than skip
        assertTrue(Files.isExecutable(JDK25), "no JDK 25 at " + JDK25);
        Launched l = launch(
                JDK25.toString(),
                Map.of(),
                "--config",
                lightSettings("light").toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1");
        Matcher m = l.awaitListening();
        assertEquals("virtual", m.group(2), m.group());
        int port = Integer.parseInt(m.group(1));
        assertEquals(200, get(port, "/health").statusCode());
    }
}
