package io.mcphub.testkit.interop;

import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The MCP reference server {@code @modelcontextprotocol/server-everything} run with Node 22 on a free loopback
 * port, in {@link Mode#STREAMABLE_HTTP} ({@code /mcp}) or {@link Mode#SSE} ({@code /sse}) mode. {@link #start}
 * returns once the port accepts connections; {@link #close()} destroys the process tree.
 */
public final class EverythingServer implements AutoCloseable {
    public static final String NPM_PACKAGE = "@modelcontextprotocol/server-everything";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The transport the server speaks, with the argument it takes and the path it serves. */
    public enum Mode {
        STREAMABLE_HTTP("streamableHttp", "/mcp"),
        SSE("sse", "/sse");

        private final String arg;
        private final String path;

        Mode(String arg, String path) {
            this.arg = arg;
            this.path = path;
        }

        public String arg() {
            return arg;
        }

        public String path() {
            return path;
        }
    }

    private final Process process;
    private final Mode mode;
    private final int port;
    private final Deque<String> log = new ConcurrentLinkedDeque<>();

    private EverythingServer(Process process, Mode mode, int port) {
        this.process = process;
        this.mode = mode;
        this.port = port;
    }

    public static EverythingServer start(Mode mode) {
        return start(NodeTools.get(), mode);
    }

    public static EverythingServer start(NodeTools tools, Mode mode) {
        int port = FreePort.find();
        ProcessBuilder pb = tools.npmBin(NPM_PACKAGE, mode.arg()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EverythingServer server = new EverythingServer(process, mode, port);
        Processes.pumpLines(process.getInputStream(), server::remember, "server-everything-" + port);
        server.awaitListening();
        return server;
    }

    private void remember(String line) {
        log.addLast(line);
        while (log.size() > 200) {
            log.pollFirst();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!FreePort.accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("server-everything (" + mode.arg() + ") did not listen on port " + port
                        + "; its output:\n" + String.join("\n", log));
            }
            try {
                Thread.sleep(50); // polling a socket for a process we do not control; no state to await on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    public Mode mode() {
        return mode;
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:PORT/mcp} or {@code http://localhost:PORT/sse}. */
    public String url() {
        return "http://localhost:" + port + mode.path();
    }

    public Process process() {
        return process;
    }

    /** The server's latest output lines (stdout and stderr). */
    public String output() {
        return String.join("\n", log);
    }

    @Override
    public void close() {
        Processes.destroyTree(process, Duration.ofSeconds(5));
    }
}
