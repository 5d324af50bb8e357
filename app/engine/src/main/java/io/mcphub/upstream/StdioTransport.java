package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server run as a child process speaking newline-delimited JSON-RPC on stdin/stdout. Its stderr goes to the log
 * under the server's name, and its last lines are kept to say why the process exited. Closing the hub's end of
 * stdin is what stops a well-behaved server when the hub dies without running its shutdown hook.
 */
public final class StdioTransport implements UpstreamTransport {
    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);
    /** How long an exit report waits for the rest of stderr (a grandchild may hold the pipe open for longer). */
    private static final long STDERR_DRAIN_MS = 1000;

    private final String serverName;
    private final List<String> commandLine;
    private final Map<String, String> env;
    private final Logger serverLog;
    private final OrderedWrites writes = new OrderedWrites(Threads.blocking());
    private final StderrTail stderrTail = new StderrTail();
    private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile boolean closing;

    public StdioTransport(String serverName, String command, List<String> args, Map<String, String> env) {
        this.serverName = serverName;
        List<String> cl = new ArrayList<>();
        cl.add(command);
        cl.addAll(args);
        this.commandLine = List.copyOf(cl);
        this.env = env;
        this.serverLog = LoggerFactory.getLogger("server." + serverName);
    }

    @Override
    public void start(Listener listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(commandLine);
        pb.environment().putAll(env);
        Process p = pb.start();
        process = p;
        stdin = p.getOutputStream();
        Threads.blocking().execute(() -> readStdout(p, listener));
        Threads.blocking().execute(() -> readStderr(p));
        p.onExit().thenAccept(exited -> {
            if (closing) {
                return;
            }
            // the last words come after the exit is seen: wait for the end of stderr, briefly
            stderrDone
                    .completeOnTimeout(null, STDERR_DRAIN_MS, TimeUnit.MILLISECONDS)
                    .thenRun(() -> listener.onClosed(exitReason(exited.exitValue())));
        });
    }

    private void readStdout(Process p, Listener listener) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message;
                try {
                    message = Json.parse(line);
                } catch (IOException e) {
                    serverLog.warn("stdout line is not JSON, ignored: {}", abbreviate(line));
                    continue;
                }
                if (message instanceof ObjectNode object) {
                    listener.onMessage(object, null);
                } else if (message.isArray()) {
                    message.forEach(m -> {
                        if (m instanceof ObjectNode o) {
                            listener.onMessage(o, null);
                        }
                    });
                } else {
                    serverLog.warn("stdout line is not a JSON-RPC message, ignored: {}", abbreviate(line));
                }
            }
        } catch (IOException e) {
            if (!closing) {
                log.debug("stdout of {} closed: {}", serverName, e.toString());
            }
        }
    }

    private void readStderr(Process p) {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                serverLog.info("{}", line);
                stderrTail.add(line);
            }
        } catch (IOException e) {
            // the process is gone; its exit is reported through onExit
        } finally {
            stderrDone.complete(null);
        }
    }

    private String exitReason(int code) {
        String reason = "process exited with code " + code;
        return stderrTail.isEmpty() ? reason : reason + "; its stderr ended with:\n" + stderrTail.text();
    }

    /**
     * Why a write failed. A broken pipe usually means the process exited (a missing package, a bad argument): its exit
     * code and last stderr lines say why, so they are waited for briefly rather than reported as "Broken pipe".
     */
    private String whyNotWritable(Process p, String otherwise) {
        try {
            if (p.waitFor(STDERR_DRAIN_MS, TimeUnit.MILLISECONDS)) {
                stderrDone.get(STDERR_DRAIN_MS, TimeUnit.MILLISECONDS);
                return exitReason(p.exitValue());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException stillOpen) {
            return exitReason(p.exitValue());
        }
        return otherwise;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public CompletableFuture<Void> send(ObjectNode message) {
        OutputStream out = stdin;
        Process p = process;
        if (out == null || p == null) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("process of " + serverName + " is not running", false, true, null));
        }
        byte[] line = Json.bytes(message);
        CompletableFuture<Void> written = new CompletableFuture<>();
        writes.submit(() -> write(out, p, line, written));
        return written;
    }

    /** One line to the process; why it failed waits briefly for the exit code and stderr, so it runs off the loop. */
    private void write(OutputStream out, Process p, byte[] line, CompletableFuture<Void> written) {
        if (!p.isAlive()) {
            written.completeExceptionally(new DeliveryException(
                    "process of " + serverName + " is not running: " + whyNotWritable(p, "exited"), false, true, null));
            return;
        }
        try {
            out.write(line);
            out.write('\n');
            out.flush();
            written.complete(null);
        } catch (IOException | RuntimeException e) {
            // a broken pipe may come after the process read part of the line
            written.completeExceptionally(new DeliveryException(
                    "cannot write to " + serverName + ": " + whyNotWritable(p, e.getMessage()), true, e));
        }
    }

    @Override
    public void close() {
        closing = true;
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            OutputStream out = stdin;
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // closing stdin is the polite ask; the destroy below is the firm one
        }
        // npx and shells start the real server as a grandchild; kill the tree, children first
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** The child's pid, for status and for tests that kill it. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public String describe() {
        return String.join(" ", commandLine);
    }
}
