package io.mcphub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.upstream.SseEvent;
import io.mcphub.upstream.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately thin Streamable HTTP client for tests that check the wire itself: status codes, headers, JSON or
 * SSE bodies. Real SDK clients are used elsewhere for interop.
 */
public final class McpHttpClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI url;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;

    public McpHttpClient(URI url) {
        this.url = url;
    }

    /** A header sent on every request of this client (a bearer key). */
    public McpHttpClient withHeader(String name, String value) {
        defaultHeaders.put(name, value);
        return this;
    }

    /** What came back: status, headers, and the JSON-RPC messages (from a JSON body or an SSE stream). */
    public record Reply(
            int status,
            Map<String, List<String>> headers,
            String contentType,
            List<JsonNode> messages,
            List<SseEvent> events,
            String body) {
        public JsonNode single() {
            if (messages.isEmpty()) {
                throw new AssertionError("no message in reply " + status + ": " + body);
            }
            return messages.get(messages.size() - 1);
        }

        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    public String sessionId() {
        return sessionId;
    }

    public McpHttpClient sessionId(String id) {
        this.sessionId = id;
        return this;
    }

    public JsonNode initialize() {
        return initialize("2025-11-25", Json.object());
    }

    public JsonNode initialize(String version, ObjectNode capabilities) {
        ObjectNode params = Json.object().put("protocolVersion", version);
        params.set("capabilities", capabilities);
        params.putObject("clientInfo").put("name", "mcphub-tests").put("version", "1");
        Reply r = send(request("initialize", params));
        if (r.status() != 200) {
            throw new AssertionError("initialize failed: " + r.status() + " " + r.body());
        }
        sessionId = r.header("Mcp-Session-Id");
        send(Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        return r.single();
    }

    public ObjectNode request(String method, JsonNode params) {
        ObjectNode m = Json.object()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        return m;
    }

    /** Calls a method and returns its JSON-RPC response. */
    public JsonNode call(String method, JsonNode params) {
        return send(request(method, params)).single();
    }

    public JsonNode callTool(String name, JsonNode arguments) {
        ObjectNode params = Json.object().put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return call("tools/call", params);
    }

    public Reply send(JsonNode message) {
        return post(Json.write(message), Map.of());
    }

    public Reply post(String body, Map<String, String> headers) {
        return post(body, headers, Integer.MAX_VALUE);
    }

    /** A POST whose SSE answer is read for at most {@code maxEvents} events, then the connection is dropped. */
    public Reply post(String body, Map<String, String> headers, int maxEvents) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null && !headers.containsKey("Mcp-Session-Id")) {
            b.header("Mcp-Session-Id", sessionId);
        }
        withDefaults(b);
        headers.forEach(b::setHeader);
        return exchange(b.build(), maxEvents);
    }

    /** A GET on the endpoint (the standalone stream, or a resumption), read for at most {@code maxEvents} events. */
    public Reply get(Map<String, String> headers, int maxEvents) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream")
                .GET();
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        withDefaults(b);
        headers.forEach(b::setHeader);
        return exchange(b.build(), maxEvents);
    }

    public Reply delete() {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).DELETE();
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        return exchange(withDefaults(b).build());
    }

    private HttpRequest.Builder withDefaults(HttpRequest.Builder b) {
        defaultHeaders.forEach(b::setHeader);
        return b;
    }

    public Reply exchange(HttpRequest request) {
        return exchange(request, Integer.MAX_VALUE);
    }

    private Reply exchange(HttpRequest request, int maxEvents) {
        try {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String type = r.headers().firstValue("content-type").orElse("");
            List<JsonNode> messages = new ArrayList<>();
            List<SseEvent> events = new ArrayList<>();
            String body = "";
            try (InputStream in = r.body()) {
                if (type.startsWith("text/event-stream")) {
                    SseReader reader = new SseReader(in);
                    SseEvent e;
                    while (events.size() < maxEvents && (e = reader.next()) != null) {
                        events.add(e);
                        if (!e.data().isEmpty()) {
                            messages.add(Json.parse(e.data()));
                        }
                    }
                } else {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!body.isBlank() && type.startsWith("application/json")) {
                        JsonNode parsed = Json.parse(body);
                        if (parsed.isArray()) {
                            parsed.forEach(messages::add);
                        } else {
                            messages.add(parsed);
                        }
                    }
                }
            }
            return new Reply(r.statusCode(), r.headers().map(), type, messages, events, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
