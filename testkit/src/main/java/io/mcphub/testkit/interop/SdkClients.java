package io.mcphub.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official TypeScript SDK clients through the same checks: {@code interop/ts-client-v2.mjs} (the v2 client,
 * 2.4.0, in one of its {@link Negotiation} modes) and {@code interop/ts-client.mjs} with a flavour (the v1 client,
 * 1.32.2). Each lists the tools, calls echo, a progress tool, an elicitation and a sampling tool (answered by its
 * own handlers), and changes the tool list, then prints one JSON object: {@code mode, era, protocolVersion,
 * serverInfo, tools[], echo{text,isError}, progress{text,isError,notifications[]}, elicit, sample, stateOnly,
 * elicitations[], samplings[], listChanged{via,notified,changed,toolsAfter[]}} (a failed step holds {@code error}),
 * or {@code {error, code}} when the client could not connect.
 */
public final class SdkClients {
    public static final String V2_SCRIPT = "/interop/ts-client-v2.mjs";
    public static final String V1_SCRIPT = "/interop/ts-client.mjs";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The v2 client's {@code versionNegotiation} mode. */
    public enum Negotiation {
        /** {@code {pin: '2026-07-28'}}: modern or nothing. */
        PIN("pin"),
        /** {@code 'auto'}: server/discover first, 2025 when the answer is not a modern one. */
        AUTO("auto"),
        /** {@code 'legacy'} (the SDK's default): the 2025 handshake. */
        LEGACY("legacy");

        private final String arg;

        Negotiation(String arg) {
            this.arg = arg;
        }

        public String arg() {
            return arg;
        }
    }

    /** Which server's tools the client calls. */
    public enum Flavor {
        /** {@code interop/v2-server.mjs}: echo, progress, confirm, ask_llm, state_only, touch. */
        V2("v2"),
        /** server-everything: echo, trigger-long-running-operation, trigger-elicitation/sampling-request. */
        EVERYTHING("everything"),
        /** list, echo and progress only (v2-server's tools): for many clients at once. */
        BASIC("basic");

        private final String arg;

        Flavor(String arg) {
            this.arg = arg;
        }

        public String arg() {
            return arg;
        }
    }

    /**
     * What the client runs: the URL, the tool-name prefix, the flavour, how it changes the tool list ({@code "tool"}:
     * it calls touch; {@code "none"}; or a URL it POSTs {@code {"enabled": false}} to, a hub's tool toggle) and a tag
     * naming it in its progress and elicitation ("" for none).
     */
    public record Run(String url, String prefix, Flavor flavor, String change, String tag) {
        public Run {
            prefix = prefix == null ? "" : prefix;
            change = change == null ? "" : change;
            tag = tag == null ? "" : tag;
        }

        public static Run of(String url, String prefix, Flavor flavor) {
            return new Run(url, prefix, flavor, "", "");
        }

        public Run change(String how) {
            return new Run(url, prefix, flavor, how, tag);
        }

        public Run tag(String name) {
            return new Run(url, prefix, flavor, change, name);
        }
    }

    private SdkClients() {}

    /** The v2 client in the given mode; returns what it printed. */
    public static JsonNode v2(Negotiation mode, Run run) {
        return run(V2_SCRIPT, List.of(run.url(), mode.arg(), run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /** The v1 client over Streamable HTTP; returns what it printed. */
    public static JsonNode v1(Run run) {
        return run(
                V1_SCRIPT,
                List.of(run.url(), "streamableHttp", run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /** The v2 client in its own thread (for many at once). */
    public static CompletableFuture<JsonNode> v2Async(Negotiation mode, Run run) {
        return CompletableFuture.supplyAsync(() -> v2(mode, run), runnerThreads());
    }

    /** The v1 client in its own thread (for many at once). */
    public static CompletableFuture<JsonNode> v1Async(Run run) {
        return CompletableFuture.supplyAsync(() -> v1(run), runnerThreads());
    }

    // a thread per client: each mostly waits on its process, and the common pool is too small for 32 of them
    private static Executor runnerThreads() {
        return task -> {
            Thread t = new Thread(task, "sdk-client");
            t.setDaemon(true);
            t.start();
        };
    }

    private static JsonNode run(String resource, List<String> args) {
        NodeTools tools = NodeTools.get();
        Path script = tools.scriptFromResource(resource);
        ProcessBuilder pb = tools.nodeScript(script, args.toArray(String[]::new));
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Void> out = Processes.pumpLines(p.getInputStream(), stdout::add, "sdk-client-out");
        CompletableFuture<Void> err = Processes.pumpLines(p.getErrorStream(), stderr::add, "sdk-client-err");
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.destroyTree(p, Duration.ofSeconds(2));
                throw new IllegalStateException(
                        resource + " timed out after " + TIMEOUT + "; stderr:\n" + String.join("\n", stderr));
            }
            out.get(5, TimeUnit.SECONDS);
            err.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Processes.destroyTree(p, Duration.ofSeconds(2));
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(resource + " output not read: " + e, e);
        }
        List<String> lines = new ArrayList<>(stdout);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (line.startsWith("{")) {
                try {
                    return MAPPER.readTree(line);
                } catch (IOException e) {
                    break;
                }
            }
        }
        throw new IllegalStateException(resource + " printed no JSON (exit " + p.exitValue() + "); stdout:\n"
                + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr));
    }
}
