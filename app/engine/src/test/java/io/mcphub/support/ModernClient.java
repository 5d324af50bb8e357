package io.mcphub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw 2026-07-28 client for tests of the wire: each request carries the envelope and the headers that mirror it,
 * as the revision says; tests that check refusals change either on purpose.
 */
public final class ModernClient {
    public static final String VERSION = "2026-07-28";
    private final McpHttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private ObjectNode capabilities = Json.object();

    public ModernClient(URI url) {
        this.http = new McpHttpClient(url);
    }

    /** The capabilities every later request declares. */
    public ModernClient capabilities(ObjectNode caps) {
        this.capabilities = caps;
        return this;
    }

    public McpHttpClient http() {
        return http;
    }

    /** A request with the envelope (and the log level, when not null). */
    public ObjectNode request(String method, ObjectNode params, String logLevel) {
        ObjectNode p = params == null ? Json.object() : params.deepCopy();
        ObjectNode meta = p.with("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.set("io.modelcontextprotocol/clientCapabilities", capabilities.deepCopy());
        meta.set(
                "io.modelcontextprotocol/clientInfo",
                Json.object().put("name", "modern-test").put("version", "1"));
        if (logLevel != null) {
            meta.put("io.modelcontextprotocol/logLevel", logLevel);
        }
        ObjectNode r = Json.object().put("jsonrpc", "2.0").put("id", ids.incrementAndGet());
        r.put("method", method);
        r.set("params", p);
        return r;
    }

    /** The listen a notification belongs to ({@code _meta}'s subscription id), or -1 when it names none. */
    public static long subscriptionIdOf(JsonNode notification) {
        return notification
                .path("params")
                .path("_meta")
                .path("io.modelcontextprotocol/subscriptionId")
                .asLong(-1);
    }

    /** The headers a conforming client sends with {@code request}. */
    public static Map<String, String> headers(ObjectNode request) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("MCP-Protocol-Version", VERSION);
        String method = request.path("method").asText();
        h.put("Mcp-Method", method);
        JsonNode params = request.path("params");
        if (method.equals("tools/call") || method.equals("prompts/get")) {
            h.put("Mcp-Name", params.path("name").asText());
        } else if (method.equals("resources/read")) {
            h.put("Mcp-Name", params.path("uri").asText());
        }
        return h;
    }

    public McpHttpClient.Reply send(ObjectNode request) {
        return http.post(Json.write(request), headers(request));
    }

    public McpHttpClient.Reply send(ObjectNode request, Map<String, String> headers) {
        return http.post(Json.write(request), headers);
    }

    /** Sends and reads at most {@code maxEvents} SSE events, then drops the connection. */
    public McpHttpClient.Reply send(ObjectNode request, int maxEvents) {
        return http.post(Json.write(request), headers(request), maxEvents);
    }

    public McpHttpClient.Reply call(String tool, ObjectNode arguments) {
        ObjectNode params = Json.object().put("name", tool);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return send(request("tools/call", params, null));
    }
}
