package io.mcphub.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in tools/package.json)
 * against a server URL with Node 22: {@code conformance server --url URL --suite all -o DIR}, then reads the
 * {@code checks.json} each scenario wrote under DIR into a {@link ConformanceResult}.
 *
 * <pre>{@code
 *   ConformanceResult r = ConformanceSuite.create().runAll("http://localhost:" + port + "/mcp");
 *   BaselineVerdict v = r.against(Baseline.load(Path.of("conformance-baseline.txt")));
 *   assertTrue(v.ok(), v.describe());
 * }</pre>
 */
public final class ConformanceSuite {
    public static final String NPM_PACKAGE = "@modelcontextprotocol/conformance";
    /**
     * The suite's version with the 2026-07-28 scenarios (0.2.0-alpha.12), installed beside 0.1.16 under an npm
     * alias.
     */
    public static final String NEXT_PACKAGE = "conformance-next";
    /** Server scenarios in the pinned version's "all" suite. */
    public static final int ALL_SERVER_SCENARIOS = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern RUNNING = Pattern.compile("=== Running scenario: (\\S+) ===");
    private static final Pattern UNSCORED = Pattern.compile("^\\s+[✓✗] (\\S+) \\((extension|pending|[a-z-]+)\\)$");
    private static final Pattern RESULT_DIR = Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T[0-9-]+Z");

    private final NodeTools tools;
    private String npmPackage = NPM_PACKAGE;
    private Duration timeout = Duration.ofMinutes(5);
    private Path keepOutputIn;

    private ConformanceSuite(NodeTools tools) {
        this.tools = tools;
    }

    /** The suite on the installed tooling (installs it first when needed). */
    public static ConformanceSuite create() {
        return new ConformanceSuite(NodeTools.get());
    }

    public static ConformanceSuite create(NodeTools tools) {
        return new ConformanceSuite(tools);
    }

    /** The suite with the 2026-07-28 scenarios ({@link #NEXT_PACKAGE}). */
    public static ConformanceSuite next() {
        ConformanceSuite suite = new ConformanceSuite(NodeTools.get());
        suite.npmPackage = NEXT_PACKAGE;
        return suite;
    }

    /**
     * Exactly the scenarios a spec revision requires ({@code --requirements 2026-07-28}); the ones the CLI reports
     * as not scored for it (extensions, pending scenarios) are left out of the result.
     */
    public ConformanceResult requirements(String url, String revision) {
        ConformanceResult all = runCli(url, List.of("--requirements", revision), List.of());
        List<String> unscored = new ArrayList<>();
        boolean inBlock = false;
        for (String line : all.output().split("\\R")) {
            if (line.startsWith("Not scored for")) {
                inBlock = true;
                continue;
            }
            Matcher m = UNSCORED.matcher(line);
            if (inBlock && m.matches()) {
                unscored.add(m.group(1));
            } else if (inBlock && !line.isBlank()) {
                inBlock = false;
            }
        }
        Map<String, ScenarioResult> scored = new LinkedHashMap<>(all.scenarios());
        unscored.forEach(scored::remove);
        return new ConformanceResult(scored, all.exitCode(), all.output());
    }

    /** The longest one CLI run may take (default 5 minutes); then it is stopped and unfinished scenarios fail. */
    public ConformanceSuite timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Keeps the raw per-scenario output (checks.json) in this directory instead of a deleted temp dir. */
    public ConformanceSuite keepOutputIn(Path dir) {
        this.keepOutputIn = dir;
        return this;
    }

    /** All server scenarios ({@code --suite all}, 32 in the pinned version, pending ones included). */
    public ConformanceResult runAll(String url) {
        return runCli(url, List.of("--suite", "all"), List.of());
    }

    /** A named suite: "active" (the CLI's default, without pending scenarios), "all" or "pending". */
    public ConformanceResult runSuite(String url, String suite) {
        return runCli(url, List.of("--suite", suite), List.of());
    }

    /** The given scenarios, one CLI run each, merged in order. */
    public ConformanceResult runScenarios(String url, List<String> scenarios) {
        Map<String, ScenarioResult> all = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        int exit = 0;
        for (String scenario : scenarios) {
            ConformanceResult one = runCli(url, List.of("--scenario", scenario), List.of(scenario));
            all.putAll(one.scenarios());
            output.append(one.output());
            exit = Math.max(exit, one.exitCode());
        }
        return new ConformanceResult(all, exit, output.toString());
    }

    private ConformanceResult runCli(String url, List<String> selection, List<String> expected) {
        Path outDir = null;
        try {
            outDir = keepOutputIn != null
                    ? Files.createDirectories(keepOutputIn)
                    : Files.createTempDirectory("mcp-conformance-");
            List<String> args = new ArrayList<>(List.of("server", "--url", url));
            args.addAll(selection);
            args.addAll(List.of("-o", outDir.toString()));
            ProcessBuilder pb = tools.npmNamedBin(npmPackage, "conformance", args.toArray(String[]::new))
                    .redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            List<String> order = new ArrayList<>(expected);
            CompletableFuture<Void> pump = Processes.pumpLines(
                    p.getInputStream(),
                    line -> {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        Matcher m = RUNNING.matcher(line);
                        if (m.find()) {
                            synchronized (order) {
                                if (!order.contains(m.group(1))) {
                                    order.add(m.group(1));
                                }
                            }
                        }
                    },
                    "conformance-output");
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                Processes.destroyTree(p, Duration.ofSeconds(2));
            }
            pump.get(10, TimeUnit.SECONDS);
            Map<String, List<Check>> checks = readChecks(outDir);
            Map<String, ScenarioResult> results = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(order);
            checks.keySet().stream().filter(s -> !names.contains(s)).forEach(names::add);
            for (String name : names) {
                List<Check> c = checks.get(name);
                String runError = c != null
                        ? null
                        : finished
                                ? "scenario wrote no checks.json (it crashed; see the output)"
                                : "conformance run timed out after " + timeout;
                results.put(name, new ScenarioResult(name, c == null ? List.of() : c, runError));
            }
            return new ConformanceResult(results, finished ? p.exitValue() : -1, output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("conformance output not read", e);
        } finally {
            if (keepOutputIn == null && outDir != null) {
                deleteTree(outDir);
            }
        }
    }

    /** Scenario name to its checks, from {@code server-<scenario>-<timestamp>/checks.json} (latest run wins). */
    static Map<String, List<Check>> readChecks(Path outDir) throws IOException {
        Map<String, List<Check>> result = new LinkedHashMap<>();
        List<Path> dirs;
        try (Stream<Path> list = Files.list(outDir)) {
            dirs = list.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        for (Path dir : dirs) {
            Matcher m = RESULT_DIR.matcher(dir.getFileName().toString());
            Path file = dir.resolve("checks.json");
            if (!m.matches() || !Files.isRegularFile(file)) {
                continue;
            }
            List<Check> checks = new ArrayList<>();
            for (JsonNode c : MAPPER.readTree(file.toFile())) {
                checks.add(new Check(
                        c.path("id").asText(),
                        c.path("name").asText(),
                        c.path("status").asText(),
                        c.path("description").asText(null),
                        c.path("errorMessage").asText(null)));
            }
            result.put(m.group(1), checks);
        }
        return result;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
