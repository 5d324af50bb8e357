package io.mcphub.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code interop/ts-client.mjs}: the official TypeScript SDK client, against a server exposing
 * server-everything's tools, and returns the JSON it printed: {@code transport, serverInfo, tools[], echo, sum,
 * progressCount, progress[], finalResult, isError}, or {@code error} when it failed.
 */
public final class TypeScriptClient {
    public static final String SCRIPT_RESOURCE = "/interop/ts-client.mjs";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The client transport. */
    public enum Transport {
        STREAMABLE_HTTP("streamableHttp"),
        SSE("sse");

        private final String arg;

        Transport(String arg) {
            this.arg = arg;
        }

        public String arg() {
            return arg;
        }
    }

    private TypeScriptClient() {}

    /**
     * Runs the client; {@code toolPrefix} is put before each tool name it calls (a hub's namespace, e.g.
     * {@code "everything-"}; "" or null for none). Throws when the script printed no JSON.
     */
    public static JsonNode run(String url, Transport transport, String toolPrefix) {
        NodeTools tools = NodeTools.get();
        Path script = InteropScripts.of(tools, SCRIPT_RESOURCE);
        ProcessBuilder pb = tools.nodeScript(script, url, transport.arg(), toolPrefix == null ? "" : toolPrefix);
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Void> out = Processes.pumpLines(p.getInputStream(), stdout::add, "ts-client-out");
        CompletableFuture<Void> err = Processes.pumpLines(p.getErrorStream(), stderr::add, "ts-client-err");
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.destroyTree(p, Duration.ofSeconds(2));
                throw new IllegalStateException(
                        "ts-client timed out after " + TIMEOUT + "; stderr:\n" + String.join("\n", stderr));
            }
            out.get(5, TimeUnit.SECONDS);
            err.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Processes.destroyTree(p, Duration.ofSeconds(2));
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("ts-client output not read: " + e, e);
        }
        for (int i = stdout.size() - 1; i >= 0; i--) {
            String line = stdout.get(i).trim();
            if (line.startsWith("{")) {
                try {
                    return MAPPER.readTree(line);
                } catch (IOException e) {
                    break;
                }
            }
        }
        throw new IllegalStateException("ts-client printed no JSON (exit " + p.exitValue() + "); stdout:\n"
                + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr));
    }
}
