package io.mcphub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load client of the 2026-07-28 path (part 6): a fixed number of callers on one endpoint, each sending
 * stateless {@code tools/call echo} in a closed loop, one in flight per caller. No initialize, no session: every
 * request carries the {@code _meta} envelope and the {@code MCP-Protocol-Version}, {@code Mcp-Method} and
 * {@code Mcp-Name} headers, and every answer must be {@code resultType: "complete"}. Measured as {@link Load} is.
 */
final class ModernLoad implements Target {
    static final String VERSION = "2026-07-28";

    final String name;
    final URI url;
    private final int callers;
    /** The proxy in the path whose CPU per call is reported (the coordinator), or null. */
    private final Proc measured;

    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    ModernLoad(String name, URI url, int callers) {
        this(name, url, callers, null);
    }

    /** @param measured a process whose CPU time is read around each run, per answered call; null for none */
    ModernLoad(String name, URI url, int callers, Proc measured) {
        this.measured = measured;
        this.name = name;
        this.url = url;
        this.callers = callers;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Waits until a call succeeds (the endpoint's upstream is connected), or throws with the last answer. */
    ModernLoad awaitServing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                echo("ready?");
                return this;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " at " + url + " never answered a modern call: " + last, last);
    }

    /** One stateless tools/call echo; throws when the answer is not a complete result. */
    JsonNode echo(String text) throws IOException, InterruptedException {
        ObjectNode params = McpSession.JSON.createObjectNode().put("name", "echo");
        params.putObject("arguments").put("text", text);
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "mcphub-bench")
                .put("version", "1");
        ObjectNode msg = McpSession.JSON
                .createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", "tools/call");
        msg.set("params", params);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(msg.toString()))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", VERSION)
                        .header("Mcp-Method", "tools/call")
                        .header("Mcp-Name", "echo")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode answer = McpSession.answer(r);
        if (answer == null || !answer.has("result")) {
            throw new IOException("no result in " + r.body());
        }
        JsonNode result = answer.path("result");
        if (!"complete".equals(result.path("resultType").asText())
                || result.path("isError").asBoolean(false)) {
            throw new IOException("not a complete result: " + result);
        }
        return result;
    }

    @Override
    public String firstError() {
        return firstError.get();
    }

    @Override
    public String name() {
        return name;
    }

    /** Warm-up (not recorded), then a measured window; the same figures as {@link Load#run}. */
    @Override
    public Load.Result run(Duration warmup, Duration window) throws InterruptedException {
        return ClosedLoop.run(name, callers, warmup, window, measured, i -> echo("bench-" + i), e -> {
            firstError.compareAndSet(null, Target.describe(e));
        });
    }
}
