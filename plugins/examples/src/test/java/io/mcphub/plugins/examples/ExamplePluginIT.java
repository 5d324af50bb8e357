package io.mcphub.plugins.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real {@code java -jar mcphub.jar} with the example plugin's real jar in a plugins folder. */
class ExamplePluginIT {
    private static Path hubJar;
    private static Path exampleJar;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void jars() {
        hubJar = Path.of(System.getProperty("mcphub.jar"));
        exampleJar = Path.of(System.getProperty("example.jar"));
        assertTrue(Files.isRegularFile(hubJar), "build app/target/mcphub.jar first: " + hubJar);
        assertTrue(Files.isRegularFile(exampleJar), "example jar missing: " + exampleJar);
    }

    private Path pluginsDir() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(exampleJar, dir.resolve(exampleJar.getFileName()));
        return dir;
    }

    private static Run hub(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", hubJar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mcphub.jar did not exit: " + cmd);
        }
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private Path config(String strategy) throws IOException {
        Path f = tmp.resolve("mcp_settings-" + strategy + ".json");
        Files.writeString(f, """
                {"mcpServers": {}, "systemConfig": {"cluster": {"enabled": true, "mode": "coordinator",
                  "secret": "example-plugin-test-secret",
                  "stickySession": {"enabled": true, "strategy": "%s", "example-lowest-id": {"reverse": true}}}}}
                """.formatted(strategy));
        return f;
    }

    @Test
    void listPlugins_showsTheExampleWithItsOwnJar_besideTheBundledOnes() throws Exception {
        Path dir = pluginsDir();
        Run run = hub("--plugins", dir.toString(), "--list-plugins");
        assertEquals(0, run.exit(), run.err());
        String jarInDir = dir.resolve(exampleJar.getFileName())
                .toAbsolutePath()
                .normalize()
                .toString();
        assertTrue(
                run.out()
                        .lines()
                        .anyMatch(l -> l.matches(
                                "sticky-strategy\\s+example-lowest-id\\s+\\S+\\s+" + Pattern.quote(jarInDir))),
                run.out());
        for (String bundled : List.of(
                "consistent-hash",
                "cookie",
                "header",
                "round-robin",
                "random",
                "least-connections",
                "weighted",
                "power-of-two")) {
            assertTrue(
                    run.out().lines().anyMatch(l -> l.contains(" " + bundled + " ") && l.endsWith("mcphub.jar")),
                    bundled + " in\n" + run.out());
        }
    }

    @Test
    void configSelectingTheExampleByName_validates() throws Exception {
        Run run = hub(
                "--plugins",
                pluginsDir().toString(),
                "--validate-config",
                config("example-lowest-id").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("plugin config valid"), run.out());
    }

    @Test
    void unknownName_failsListingTheNamesThatExist() throws Exception {
        Run run = hub(
                "--plugins",
                pluginsDir().toString(),
                "--validate-config",
                config("sticky-nope").toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(
                run.err()
                        .contains("systemConfig.cluster.stickySession.strategy: \"sticky-nope\" "
                                + "(expected: one of consistent-hash, cookie, example-lowest-id, header)"),
                run.err());
    }

    @Test
    void withoutThePluginsFolder_theExampleIsUnknown() throws Exception {
        Run run = hub("--validate-config", config("example-lowest-id").toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("(expected: one of consistent-hash, cookie, header)"), run.err());
    }

    @Test
    void theSameJarTwice_stopsTheStart_namingBothJars() throws Exception {
        Path dir = pluginsDir();
        Path copy = dir.resolve("copy-of-example.jar");
        Files.copy(exampleJar, copy);
        Run run = hub("--plugins", dir.toString(), "--list-plugins");
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.err().contains(copy.toAbsolutePath().normalize().toString()), run.err());
        assertTrue(
                run.err()
                        .contains(dir.resolve(exampleJar.getFileName())
                                .toAbsolutePath()
                                .normalize()
                                .toString()),
                run.err());
    }
}
