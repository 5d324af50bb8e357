package io.mcphub.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces {@link ModeApi}: the main sources of every plugin under {@code plugins/} may use the spi, their own
 * packages, {@code io.mcphub.mode} and the engine types marked {@code @ModeApi}; nothing else of the engine.
 */
class ModeApiBoundaryTest {
    /** An engine type named in source: its package (lowercase segments) and its top-level class. */
    private static final Pattern TYPE = Pattern.compile("\\bio\\.mcphub((?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z]\\w*)");

    private static final Pattern WILDCARD =
            Pattern.compile("^import\\s+(?:static\\s+)?io\\.mcphub\\.[\\w.]*\\*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    @Test
    void pluginsUseOnlyTheDeclaredEngineApi() throws IOException {
        Path plugins = repositoryRoot().resolve("plugins");
        Map<String, Integer> checked = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> modules = Files.list(plugins)) {
            for (Path module : modules.sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    checked.put(module.getFileName().toString(), check(main, violations));
                }
            }
        }
        assertTrue(
                checked.getOrDefault("coordinator", 0) > 20 && checked.getOrDefault("node", 0) > 10,
                "the mode plugins' sources were found and their engine references read: " + checked);
        assertEquals(
                List.of(),
                violations,
                "engine types a plugin may not use (mark them @ModeApi, or go through"
                        + " io.mcphub.mode.ModeContext)");
    }

    @Test
    void anInternalEngineType_isCaught() {
        List<String> violations = new ArrayList<>();
        String source = "package x.y;\nimport io.mcphub.hub.Hub;\nimport io.mcphub.upstream.Upstream;\n"
                + "class A { io.mcphub.upstream.StdioTransport s; }\n";
        int references = check("A.java", source, Set.of("x.y"), violations);
        assertEquals(3, references);
        assertEquals(List.of("A.java: io.mcphub.hub.Hub", "A.java: io.mcphub.upstream.StdioTransport"), violations);
        List<String> wildcard = new ArrayList<>();
        check("B.java", "package x.y;\nimport io.mcphub.upstream.*;\n", Set.of("x.y"), wildcard);
        assertEquals(List.of("B.java: a wildcard import of the engine"), wildcard);
    }

    /** Checks one module's main sources; returns how many engine references it read. */
    private static int check(Path main, List<String> violations) throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(f, Files.readString(f));
            }
        }
        Set<String> own = new TreeSet<>();
        sources.values().forEach(s -> {
            Matcher m = PACKAGE.matcher(s);
            if (m.find()) {
                own.add(m.group(1));
            }
        });
        int references = 0;
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            references += check(main.relativize(e.getKey()).toString(), e.getValue(), own, violations);
        }
        return references;
    }

    private static int check(String file, String source, Set<String> ownPackages, List<String> violations) {
        if (WILDCARD.matcher(source).find()) {
            violations.add(file + ": a wildcard import of the engine");
        }
        int references = 0;
        Set<String> seen = new TreeSet<>();
        Matcher m = TYPE.matcher(source);
        while (m.find()) {
            String pkg = "io.mcphub" + m.group(1);
            if (ownPackages.contains(pkg) || pkg.equals("io.mcphub.spi") || pkg.startsWith("io.mcphub.spi.")) {
                continue;
            }
            references++;
            String type = pkg + "." + m.group(2);
            if (seen.add(type) && !allowed(type)) {
                violations.add(file + ": " + type);
            }
        }
        return references;
    }

    private static boolean allowed(String type) {
        try {
            Class<?> c = Class.forName(type, false, ModeApiBoundaryTest.class.getClassLoader());
            return c.isAnnotationPresent(ModeApi.class) || c.getPackage().isAnnotationPresent(ModeApi.class);
        } catch (ClassNotFoundException e) {
            return false; // not an engine type at all (or a typo): nothing a plugin may rely on
        }
    }

    /** The repository root: the nearest ancestor of the working directory with a {@code plugins} folder. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("plugins"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no plugins folder above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
