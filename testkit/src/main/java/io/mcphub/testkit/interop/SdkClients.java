package io.mcphub.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        return run(
                V2_SCRIPT,
                List.of(run.url(), mode.arg(), run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /** The v1 client over Streamable HTTP; returns what it printed. */
    public static JsonNode v1(Run run) {
        return run(
                V1_SCRIPT,
                List.of(run.url(), "streamableHttp", run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /**
     * The v2 client started to wait at a barrier: once connected and listed it is {@link Started#ready()}, and it
     * makes its calls after {@link Started#go()}.
     */
    public static Started v2AtBarrier(Negotiation mode, Run run) {
        return start(
                V2_SCRIPT,
                List.of(run.url(), mode.arg(), run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /** The v1 client started to wait at a barrier (see {@link #v2AtBarrier}). */
    public static Started v1AtBarrier(Run run) {
        return start(
                V1_SCRIPT,
                List.of(run.url(), "streamableHttp", run.prefix(), run.flavor().arg(), run.change(), run.tag()));
    }

    /** A client process waiting at its barrier. */
    public static final class Started {
        private final String resource;
        private final Process process;
        private final List<String> stdout = new CopyOnWriteArrayList<>();
        private final List<String> stderr = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> out;
        private final CompletableFuture<Void> err;

        private Started(String resource, Process process) {
            this.resource = resource;
            this.process = process;
            this.out = Processes.pumpLines(
                    process.getInputStream(),
                    line -> {
                        if (line.trim().equals("READY")) {
                            ready.complete(null);
                        } else {
                            stdout.add(line);
                        }
                    },
                    "sdk-client-out");
            this.err = Processes.pumpLines(process.getErrorStream(), stderr::add, "sdk-client-err");
            // a client that ends before its barrier (it could not connect) is ready too: its result says why
            out.thenRun(() -> ready.complete(null));
        }

        /** Completes once the client waits at its barrier (or has ended). */
        public CompletableFuture<Void> ready() {
            return ready;
        }

        /** Lets the client go on from its barrier. */
        public void go() {
            try {
                process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
            } catch (IOException e) {
                // the client has already ended; its result says why
            }
        }

        /** What the client printed, once it has ended. */
        public JsonNode result() {
            return finish(resource, process, out, err, stdout, stderr);
        }
    }

    private static Started start(String resource, List<String> args) {
        NodeTools tools = NodeTools.get();
        ProcessBuilder pb = tools.nodeScript(InteropScripts.of(tools, resource), args.toArray(String[]::new));
        pb.environment().put("MCPHUB_BARRIER", "1");
        try {
            return new Started(resource, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of the interop scripts with {@code args} and returns the last JSON line it printed. */
    static JsonNode runScript(String resource, List<String> args) {
        return run(resource, args);
    }

    private static JsonNode run(String resource, List<String> args) {
        NodeTools tools = NodeTools.get();
        Path script = InteropScripts.of(tools, resource);
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
        return finish(resource, p, out, err, stdout, stderr);
    }

    private static JsonNode finish(
            String resource,
            Process p,
            CompletableFuture<Void> out,
            CompletableFuture<Void> err,
            List<String> stdout,
            List<String> stderr) {
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
