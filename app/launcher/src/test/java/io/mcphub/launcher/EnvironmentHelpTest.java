package io.mcphub.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code --help} and the README name every environment variable the hub's code reads. The hub's sources (the
 * engine, the launcher, the plugins) are scanned for reads: {@code System.getenv("X")}, {@code env.get("X")} and
 * {@code env.apply("X")} on an injected environment, and constants named {@code ..._ENV = "X"} that such reads use.
 */
class EnvironmentHelpTest {
    private static final Pattern READ =
            Pattern.compile("(?:getenv|env\\.get|env\\.apply)\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)"
                    + "|\\b[A-Z_]*ENV\\s*=\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final List<String> HUB_SOURCES = List.of("spi", "app/engine", "app/launcher", "plugins");

    private static Path repositoryRoot() {
        // surefire runs in the module's directory, app/launcher
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
        return root;
    }

    private static Set<String> variablesReadByTheCode(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : HUB_SOURCES) {
            try (Stream<Path> files = Files.walk(root.resolve(module))) {
                files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                        .forEach(f -> names.addAll(reads(f)));
            }
        }
        return names;
    }

    private static Set<String> reads(Path file) {
        try {
            Set<String> names = new TreeSet<>();
            Matcher m = READ.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyEnvironmentVariableTheCodeReads_isInTheHelpAndTheReadme() throws IOException {
        Path root = repositoryRoot();
        Set<String> read = variablesReadByTheCode(root);
        // the scan itself must work: these are read today, by the launcher, the engine and the node plugin
        assertTrue(
                read.containsAll(List.of(
                        "PORT",
                        "MCPHUB_SETTING_PATH",
                        "MCPHUB_CLUSTER_SECRET",
                        "MCPHUB_NODE_URL",
                        "MCPHUB_COORDINATOR_URL",
                        "HOSTNAME")),
                "the scan found only " + read);
        String readme = Files.readString(root.resolve("README.md"));
        for (String name : read) {
            assertTrue(
                    Pattern.compile("(?m)^  " + name + "\\s")
                            .matcher(CommandLine.USAGE)
                            .find(),
                    "--help does not list " + name + ", which the code reads:\n" + CommandLine.USAGE);
            assertTrue(readme.contains("`" + name + "`"), "README.md does not name `" + name + "`");
        }
    }

    @Test
    void theHelpListsMcpHubsVariables_evenThoseAnotherPartReads() {
        for (String name : List.of(
                "PORT",
                "MCPHUB_SETTING_PATH",
                "BASE_PATH",
                "MCPHUB_CLUSTER_SECRET",
                "MCPHUB_NODE_URL",
                "MCPHUB_COORDINATOR_URL")) {
            assertTrue(CommandLine.USAGE.contains("  " + name + " "), "--help does not list " + name);
        }
    }
}
