package io.mcphub.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The parsed command line, with MCPHub's environment variables as fallbacks. */
record CommandLine(
        Path config,
        int port,
        String host,
        List<Path> pluginDirs,
        boolean listPlugins,
        Path validateConfig,
        boolean strict,
        boolean help,
        boolean version) {
    static final int DEFAULT_PORT = 3000;
    static final String DEFAULT_HOST = "0.0.0.0";

    static final String USAGE = """
            Usage: java -jar mcphub.jar [options]

            Runs an MCP hub: starts the servers in an MCPHub mcp_settings.json and serves them all as one
            MCP endpoint (/mcp, /sse), per group (/mcp/{group}) and per server (/mcp/{server}).

            Options:
              --config FILE     the settings file (default: $MCPHUB_SETTING_PATH, else ./mcp_settings.json)
              --port N          the HTTP port (default: $PORT, else 3000)
              --host H          the address to listen on (default: 0.0.0.0, every interface, as MCPHub;
                                use 127.0.0.1 to accept local clients only)
              --plugins DIR     also load plugins from the jars in DIR (repeatable)
              --list-plugins    print every plugin found (family, name, version, jar) and exit
              --validate-config FILE
                                check FILE (settings and the plugins it names) and exit: 0 valid, 1 invalid;
                                warnings (unknown keys, with the nearest known one) are printed
              --strict          treat warnings as errors (with --validate-config, or to refuse to start)
              --version         print the version and exit
              --help            print this help and exit

            Environment (every variable the hub reads, besides the ${VAR} of the settings file):
              PORT                    the port, when --port is not given
              MCPHUB_SETTING_PATH     the settings file, when --config is not given
              BASE_PATH               a prefix for every route, e.g. /mcphub serves /mcphub/mcp (as MCPHub)
              MCPHUB_CLUSTER_SECRET   the cluster secret, when systemConfig.cluster.secret is not set
              MCPHUB_NODE_URL         a node: the URL the coordinator reaches it at, when cluster.node.url is not
                                      set (default: this machine's address towards the coordinator, and the
                                      port the node really listens on)
              MCPHUB_COORDINATOR_URL  a node: its coordinator, when cluster.node.coordinatorUrl is not set
              HOSTNAME                a node: its display name, when cluster.node.name is not set and the
                                      machine's host name cannot be read
              ENABLE_METRICS          true: serve GET /metrics (Prometheus), as MCPHub (or systemConfig.metrics)
              METRICS_TOKEN           the bearer token a scrape of /metrics must carry (default: none)
            """;

    static CommandLine parse(String[] args, Map<String, String> env) throws UsageException {
        Path config = null;
        Integer port = null;
        String host = DEFAULT_HOST;
        List<Path> plugins = new ArrayList<>();
        boolean list = false;
        Path validate = null;
        boolean strict = false;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--config", "-c" -> config = Path.of(value != null ? value : next(args, ++i, a));
                case "--port", "-p" -> port = parsePort(value != null ? value : next(args, ++i, a), "--port");
                case "--host" -> host = value != null ? value : next(args, ++i, a);
                case "--plugins" -> plugins.add(Path.of(value != null ? value : next(args, ++i, a)));
                case "--list-plugins" -> list = true;
                case "--validate-config" -> validate = Path.of(value != null ? value : next(args, ++i, a));
                case "--strict" -> strict = true;
                case "--help", "-h" -> help = true;
                case "--version", "-v" -> version = true;
                default -> throw new UsageException("unknown option: " + args[i]);
            }
        }
        if (config == null) {
            String fromEnv = env.get("MCPHUB_SETTING_PATH");
            config = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "mcp_settings.json");
        }
        if (port == null) {
            String fromEnv = env.get("PORT");
            port = fromEnv != null && !fromEnv.isBlank() ? parsePort(fromEnv, "PORT") : DEFAULT_PORT;
        }
        return new CommandLine(config, port, host, List.copyOf(plugins), list, validate, strict, help, version);
    }

    private static String next(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s, String what) throws UsageException {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException(what + ": " + s + " (expected: a port number from 0 to 65535)");
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
