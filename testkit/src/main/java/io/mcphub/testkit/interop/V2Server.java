package io.mcphub.testkit.interop;

import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code interop/v2-server.mjs}: a server on the official TypeScript SDK v2 (2.4.0). Over stdio it is a command line
 * for a hub's settings; over HTTP a process on an ephemeral loopback port. {@code legacy}: the SDK's option
 * ({@code reject} makes it 2026-07-28 only; {@code serve}/{@code stateless} its dual-era defaults).
 */
public final class V2Server implements AutoCloseable {
    public static final String SCRIPT_RESOURCE = "/interop/v2-server.mjs";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final Process process;
    private final int port;

    private V2Server(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The stdio command line: node, the script, {@code stdio}, and the legacy option. */
    public static List<String> stdioCommand(String legacy) {
        NodeTools tools = NodeTools.get();
        Path script = InteropScripts.of(tools, SCRIPT_RESOURCE);
        List<String> cmd =
                new ArrayList<>(tools.nodeScript(script, "stdio", legacy).command());
        return cmd;
    }

    /** An HTTP server ({@code createMcpHandler}) with the legacy option; returns once it listens. */
    public static V2Server startHttp(String legacy) {
        NodeTools tools = NodeTools.get();
        Path script = InteropScripts.of(tools, SCRIPT_RESOURCE);
        Process p;
        try {
            p = tools.nodeScript(script, "http", legacy)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Processes.pumpLines(
                        p.getInputStream(),
                        line -> {
                            if (line.startsWith("LISTENING ")) {
                                listening.complete(
                                        Integer.parseInt(line.substring(10).trim()));
                            }
                        },
                        "v2-server-http")
                .thenRun(() -> listening.completeExceptionally(new IllegalStateException("v2 server exited")));
        try {
            return new V2Server(p, listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            Processes.destroyTree(p, Duration.ofSeconds(1));
            throw new IllegalStateException("v2 server did not start: " + e, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() {
        Processes.destroyTree(process, Duration.ofSeconds(5));
    }
}
