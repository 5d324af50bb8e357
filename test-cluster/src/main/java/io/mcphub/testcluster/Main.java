package io.mcphub.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar test-cluster/target/test-cluster.jar --nodes N [--coordinators C] [--port P] [--node-config FILE]
 * [--strategy S]}: C coordinators (default 1, behind a round-robin front when more) and N nodes on this machine
 * (loopback), for a person to try the cluster. Stops cleanly on Ctrl-C:
 * the nodes deregister, then the coordinator stops.
 */
public final class Main {
    static final String USAGE = """
            Usage: java -jar test-cluster.jar --nodes N [options]
              --nodes N            how many worker nodes to start (1..64)
              --coordinators C     how many coordinators (1..9, default 1); with more, every node reports to
                                   each and clients reach them through a round-robin front on --port
              --port P             the coordinator's port, or the front's (default 3000; 0 = any free port)
              --node-config FILE   an mcp_settings.json whose mcpServers every node runs
                                   (default: the fixture MCP server over stdio, named after the node)
              --strategy S         sticky-session strategy: consistent-hash (default), cookie, header
              --policy P           load-balancing policy: round-robin (default), random, least-connections,
                                   weighted, power-of-two
              --heartbeat MS       node heartbeat interval in ms (default 5000)
              --help               this text
            Everything listens on 127.0.0.1. Ctrl-C stops the nodes (they deregister) and the coordinator.
            """;

    private Main() {}

    /** The parsed command line. */
    record Options(
            int nodes,
            int port,
            Path nodeConfig,
            String strategy,
            String policy,
            long heartbeatMs,
            boolean help,
            int coordinators) {

        Options(int nodes, int port, Path nodeConfig, String strategy, String policy, long heartbeatMs, boolean help) {
            this(nodes, port, nodeConfig, strategy, policy, heartbeatMs, help, 1);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options o;
        try {
            o = parse(args);
        } catch (UsageException e) {
            System.err.println("test-cluster: " + e.getMessage());
            System.err.println("Try 'java -jar test-cluster.jar --help'.");
            System.exit(64);
            return;
        }
        if (o.help()) {
            System.out.print(USAGE);
            return;
        }
        TestCluster cluster;
        try {
            cluster = start(o);
        } catch (RuntimeException e) {
            System.err.println("test-cluster: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("test-cluster: stopping (nodes deregister, then the coordinator stops)");
                            cluster.stopAll();
                            stopped.countDown();
                        },
                        "test-cluster-shutdown"));
        printUrls(System.out, cluster, o);
        stopped.await();
    }

    static TestCluster start(Options o) {
        TestCluster.Builder b = TestCluster.builder()
                .nodes(o.nodes())
                .coordinators(o.coordinators())
                .coordinatorPort(o.coordinators() > 1 ? 0 : o.port())
                .frontPort(o.coordinators() > 1 ? o.port() : 0)
                .strategy(o.strategy())
                .loadBalancing(o.policy())
                .heartbeatInterval(Duration.ofMillis(o.heartbeatMs()));
        if (o.nodeConfig() != null) {
            ObjectNode servers = readServers(o.nodeConfig());
            b.nodeServers(i -> servers.deepCopy());
        }
        return b.start();
    }

    private static ObjectNode readServers(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (!(servers instanceof ObjectNode o) || o.isEmpty()) {
            throw new IllegalArgumentException(
                    file + ": mcpServers: " + servers + " (expected: an object naming at least one server)");
        }
        return o;
    }

    static void printUrls(PrintStream out, TestCluster cluster, Options o) {
        String base = cluster.coordinatorUrl().toString();
        String coordinators = cluster.coordinatorCount() == 1
                ? "a coordinator"
                : cluster.coordinatorCount() + " coordinators (behind a round-robin front)";
        out.println("mcphub test cluster: " + coordinators + " and " + cluster.size() + " node"
                + (cluster.size() == 1 ? "" : "s") + " (sticky sessions: " + o.strategy() + ", load balancing: "
                + o.policy() + ")");
        out.println("  MCP, Streamable HTTP   " + cluster.mcpUrl());
        out.println("  MCP, SSE               " + cluster.sseUrl());
        out.println("  management API         " + base + "/api/cluster/status");
        out.println("                         " + base + "/api/cluster/nodes?active=true");
        out.println("                         " + base + "/api/cluster/servers/{name}/replicas");
        out.println("                         " + base + "/api/cluster/sessions/{sessionId}");
        out.println("                         " + base + "/api/servers   " + base + "/health");
        for (int i = 0; i < cluster.size(); i++) {
            out.println(String.format(
                    "  %-22s %s  (servers: %s)",
                    cluster.nodeId(i), cluster.nodeUrl(i), String.join(", ", cluster.nodeServers(i))));
        }
        for (int i = 0; cluster.coordinatorCount() > 1 && i < cluster.coordinatorCount(); i++) {
            out.println(String.format("  %-22s %s", "coordinator " + i, cluster.coordinatorUrl(i)));
        }
        out.println("  cluster secret         " + cluster.secret() + "  (header X-MCPHub-Cluster-Secret)");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    static Options parse(String[] args) throws UsageException {
        Integer nodes = null;
        int port = 3000;
        Path nodeConfig = null;
        String strategy = "consistent-hash";
        String policy = "round-robin";
        long heartbeat = 5000;
        boolean help = false;
        int coordinators = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--nodes" -> nodes = integer(a, value != null ? value : next(args, ++i, a), 1, 64);
                case "--coordinators" -> coordinators = integer(a, value != null ? value : next(args, ++i, a), 1, 9);
                case "--port" -> port = integer(a, value != null ? value : next(args, ++i, a), 0, 65535);
                case "--node-config" -> {
                    nodeConfig = Path.of(value != null ? value : next(args, ++i, a));
                    if (!Files.isRegularFile(nodeConfig)) {
                        throw new UsageException("--node-config: no such file: " + nodeConfig);
                    }
                }
                case "--strategy" -> strategy = value != null ? value : next(args, ++i, a);
                case "--policy" -> policy = value != null ? value : next(args, ++i, a);
                case "--heartbeat" -> heartbeat = integer(a, value != null ? value : next(args, ++i, a), 50, 600_000);
                default -> throw new UsageException("unknown option: " + args[i]);
            }
        }
        if (help) {
            return new Options(0, port, nodeConfig, strategy, policy, heartbeat, true);
        }
        if (nodes == null) {
            throw new UsageException("--nodes N is required");
        }
        return new Options(nodes, port, nodeConfig, strategy, policy, heartbeat, false, coordinators);
    }

    private static String next(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new UsageException(option + ": " + value + " (expected: " + min + ".." + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": " + value + " (expected: an integer)");
        }
    }
}
