package io.mcphub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP Streamable HTTP session of the load client: initialised once, then requests with a unique JSON-RPC id each
 * (docs/benchmarks.md). Answers may come as JSON or as an SSE stream; both are parsed.
 */
final class McpSession {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROTOCOL = "2025-06-18";

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private volatile String sessionId;
    private volatile String protocol = PROTOCOL;

    McpSession(HttpClient http, URI url, Duration timeout) {
        this.http = http;
        this.url = url;
        this.timeout = timeout;
    }

    String id() {
        return sessionId;
    }

    URI url() {
        return url;
    }

    /** The same session, its requests sent to {@code other} (another coordinator's endpoint). */
    McpSession on(URI other) {
        McpSession s = new McpSession(http, other, timeout);
        s.sessionId = sessionId;
        s.protocol = protocol;
        s.ids.set(ids.get() + 1_000_000);
        return s;
    }

    /** initialize + notifications/initialized. */
    McpSession open() throws IOException, InterruptedException {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcphub-bench").put("version", "1");
        HttpResponse<String> r = post(request("initialize", params));
        if (r.statusCode() != 200) {
            throw new IOException("initialize at " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        sessionId = r.headers()
                .firstValue("mcp-session-id")
                .orElseThrow(() -> new IOException("no Mcp-Session-Id from " + url));
        JsonNode answer = answer(r);
        if (answer == null || !answer.has("result")) {
            throw new IOException("initialize at " + url + ": " + r.body());
        }
        protocol = answer.path("result").path("protocolVersion").asText(PROTOCOL);
        HttpResponse<String> n = post(JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("method", "notifications/initialized")
                .toString());
        if (n.statusCode() / 100 != 2) {
            throw new IOException("notifications/initialized at " + url + ": HTTP " + n.statusCode());
        }
        return this;
    }

    /** A tools/call; the answer's result, or an exception naming what went wrong. */
    JsonNode callTool(String tool, ObjectNode arguments) throws IOException, InterruptedException {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", arguments == null ? JSON.createObjectNode() : arguments);
        HttpResponse<String> r = post(request("tools/call", params));
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode answer = answer(r);
        if (answer == null) {
            throw new IOException("no answer in " + r.body());
        }
        if (answer.has("error")) {
            throw new IOException("error " + answer.get("error"));
        }
        JsonNode result = answer.path("result");
        if (result.path("isError").asBoolean(false)) {
            throw new IOException("tool error " + result);
        }
        return result;
    }

    JsonNode echo(String text) throws IOException, InterruptedException {
        return callTool("echo", JSON.createObjectNode().put("text", text));
    }

    /** GET: opens the session's stream for unsolicited messages and keeps it open (the body is discarded). */
    CompletableFuture<HttpResponse<Void>> openStream() {
        HttpRequest get = HttpRequest.newBuilder(url)
                .GET()
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", protocol)
                .build();
        return http.sendAsync(get, HttpResponse.BodyHandlers.discarding());
    }

    void close() {
        if (sessionId == null) {
            return;
        }
        try {
            http.send(
                    HttpRequest.newBuilder(url)
                            .DELETE()
                            .timeout(timeout)
                            .header("Mcp-Session-Id", sessionId)
                            .header("MCP-Protocol-Version", protocol)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }

    private String request(String method, ObjectNode params) {
        ObjectNode msg = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        msg.set("params", params);
        return msg.toString();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", protocol);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC response in a JSON or SSE body (the last event that is a response). */
    static JsonNode answer(HttpResponse<String> r) throws IOException {
        String body = r.body();
        String type = r.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return body.isEmpty() ? null : JSON.readTree(body);
        }
        JsonNode found = null;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5));
            } else if (line.isEmpty() && data.length() > 0) {
                JsonNode msg = JSON.readTree(data.toString());
                if (msg.has("id") && (msg.has("result") || msg.has("error"))) {
                    found = msg;
                }
                data.setLength(0);
            }
        }
        if (data.length() > 0) {
            JsonNode msg = JSON.readTree(data.toString());
            if (msg.has("id") && (msg.has("result") || msg.has("error"))) {
                found = msg;
            }
        }
        return found;
    }
}
