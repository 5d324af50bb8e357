package io.mcphub.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The real {@code mcphub.jar} says what went wrong: a host it cannot listen on (not "port already in use"), an IPv6
 * address in the URL it logs, and a stdio server's own last words in the log line that reports it down.
 */
class StartErrorsIT {
    private static final String NPX_SAYS = "npm error npx canceled due to missing packages and no YES option";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The jar's merged output goes to a file, which is read while it runs and after it exits. */
    private Path launch(String settingsJson, String... args) throws IOException {
        String jar = System.getProperty("mcphub.jar");
        assertNotNull(jar, "system property mcphub.jar is not set (run through failsafe)");
        Path settings = dir.resolve("settings-" + started.size() + ".json");
        Files.writeString(settings, settingsJson);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar,
                "--config",
                settings.toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("hub-" + started.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("PORT");
        started.add(pb.start());
        return log;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int awaitExit(Path log) throws InterruptedException {
        Process p = started.get(started.size() - 1);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the jar did not exit:\n" + read(log));
        return p.exitValue();
    }

    @Test
    void hostThatDoesNotResolve_isSaidSo_notThatThePortIsTaken() throws Exception {
        Path log = launch("{\"mcpServers\": {}}", "--host", "no-such-host.invalid", "--port", "0");
        assertEquals(1, awaitExit(log), read(log));
        String out = read(log);
        assertTrue(
                out.contains("mcphub: cannot start on no-such-host.invalid:0: cannot resolve host"
                        + " \"no-such-host.invalid\""),
                out);
        assertFalse(out.toLowerCase().contains("already in use"), out);
    }

    @Test
    void addressThatIsNotThisMachines_isSaidSo() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never an address of a real machine
        Path log = launch("{\"mcpServers\": {}}", "--host", "192.0.2.1", "--port", "0");
        assertEquals(1, awaitExit(log), read(log));
        String out = read(log);
        assertTrue(out.contains("cannot bind to host \"192.0.2.1\": it is not an address of this machine"), out);
        assertFalse(out.toLowerCase().contains("already in use"), out);
    }

    @Test
    void portThatIsTaken_isSaidSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path log = launch("{\"mcpServers\": {}}", "--host", "127.0.0.1", "--port", Integer.toString(port));
            assertEquals(1, awaitExit(log), read(log));
            assertTrue(read(log).contains("port " + port + " is already in use on 127.0.0.1"), read(log));
        }
    }

    @Test
    void ipv6Loopback_isLoggedAsABracketedUrl() throws Exception {
        Path log = launch("{\"mcpServers\": {}}", "--host", "::1", "--port", "0");
        Pattern url = Pattern.compile("on http://\\[::1\\]:(\\d+)/mcp");
        Matcher[] m = new Matcher[1];
        await().atMost(Duration.ofSeconds(60))
                .failFast("the jar exited:\n" + read(log), () -> !started.get(0).isAlive())
                .until(() -> (m[0] = url.matcher(read(log))).find());
        assertTrue(Integer.parseInt(m[0].group(1)) > 0, m[0].group());
        assertFalse(read(log).contains("http://::1:"), read(log));
    }

    @Test
    void stdioServerThatExits_isLoggedDownWithItsLastStderrLines() throws Exception {
        String script = "echo 'npm warn exec The following package was not found' >&2;" + " echo '" + NPX_SAYS
                + "' >&2; exit 1";
        Path log = launch(
                "{\"mcpServers\": {\"npxish\": {\"command\": \"sh\"," + " \"args\": [\"-c\", \"" + script + "\"]}}}",
                "--host",
                "127.0.0.1",
                "--port",
                "0");
        await().atMost(Duration.ofSeconds(60))
                .failFast("the jar exited:\n" + read(log), () -> !started.get(0).isAlive())
                .until(() -> read(log).contains("Server npxish is down"));
        String out = read(log);
        Matcher line = Pattern.compile("Server npxish is down \\(restarting in \\d+ ms\\):"
                        + " [^\\n]*process exited with code 1;"
                        + " its stderr ended with:\\n  npm warn exec The following package was not found\\n  "
                        + Pattern.quote(NPX_SAYS))
                .matcher(out);
        assertTrue(line.find(), out);
    }
}
