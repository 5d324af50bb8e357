package io.mcphub.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A wire-level MCP client session (on the engine's {@link McpHttpClient}) that behaves as a sticky-session client
 * should: it sends back the {@code MCPHUB_NODE} cookie the coordinator set (cookie mode) or echoes the
 * {@code X-MCPHub-Node} header the coordinator sent (header mode), on every later request. Light enough for a
 * thousand sessions at once.
 */
final class StickyClient {
    enum Mode {
        NONE,
        COOKIE,
        HEADER
    }

    static final String COOKIE = "MCPHUB_NODE";
    static final String HEADER = "X-MCPHub-Node";

    private final McpHttpClient http;
    private final Mode mode;
    private volatile String cookie;
    private volatile String header;
    /** Every cookie value / header value the coordinator sent, in order. */
    final List<String> issued = new CopyOnWriteArrayList<>();

    StickyClient(URI url, Mode mode) {
        this.http = new McpHttpClient(url);
        this.mode = mode;
    }

    static Mode modeOf(String strategy) {
        return switch (strategy) {
            case "cookie" -> Mode.COOKIE;
            case "header" -> Mode.HEADER;
            default -> Mode.NONE;
        };
    }

    /** Presets what the client sends before the coordinator said anything (a stale or forged value). */
    StickyClient presetCookie(String value) {
        this.cookie = value;
        return this;
    }

    StickyClient presetHeader(String value) {
        this.header = value;
        return this;
    }

    /** Goes on with a session opened elsewhere (another coordinator): no initialize. */
    StickyClient resume(String sessionId) {
        http.sessionId(sessionId);
        return this;
    }

    String sessionId() {
        return http.sessionId();
    }

    String cookie() {
        return cookie;
    }

    String header() {
        return header;
    }

    JsonNode initialize() {
        ObjectNode params = Json.object().put("protocolVersion", "2025-11-25");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "test-cluster").put("version", "1");
        McpHttpClient.Reply r = exchange(http.request("initialize", params));
        if (r.status() != 200) {
            throw new AssertionError("initialize: " + r.status() + " " + r.body());
        }
        String id = r.header("Mcp-Session-Id");
        if (id == null) {
            throw new AssertionError("initialize answered without Mcp-Session-Id: " + r.headers());
        }
        http.sessionId(id);
        McpHttpClient.Reply n =
                exchange(Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        if (n.status() != 202 && n.status() != 200) {
            throw new AssertionError("notifications/initialized: " + n.status() + " " + n.body());
        }
        return r.single();
    }

    /** tools/call; returns the JSON-RPC response (result or error). */
    JsonNode callTool(String name, JsonNode arguments) {
        ObjectNode params = Json.object().put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        McpHttpClient.Reply r = exchange(http.request("tools/call", params));
        if (r.messages().isEmpty()) {
            throw new AssertionError("tools/call " + name + ": " + r.status() + " " + r.body());
        }
        return r.single();
    }

    JsonNode call(String method, JsonNode params) {
        return exchange(http.request(method, params)).single();
    }

    McpHttpClient.Reply exchange(JsonNode message) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (mode == Mode.COOKIE && cookie != null) {
            headers.put("Cookie", COOKIE + "=" + cookie);
        }
        if (mode == Mode.HEADER && header != null) {
            headers.put(HEADER, header);
        }
        McpHttpClient.Reply r = http.post(Json.write(message), headers);
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("set-cookie")) {
                for (String c : e.getValue()) {
                    String first = c.split(";", 2)[0].trim();
                    if (first.startsWith(COOKIE + "=")) {
                        cookie = first.substring(COOKIE.length() + 1);
                        if (mode == Mode.COOKIE) {
                            issued.add(cookie);
                        }
                    }
                }
            }
        }
        String h = r.header(HEADER);
        if (h != null) {
            header = h;
            if (mode == Mode.HEADER) {
                issued.add(h);
            }
        }
        return r;
    }

    void close() {
        try {
            http.delete();
        } catch (RuntimeException ignored) {
            // the test is over for this session
        }
    }

    /** The node id a cookie or header value names: a signed value is {@code <id>.<signature>}. */
    static String nodeOf(String value) {
        if (value == null) {
            return null;
        }
        int dot = value.lastIndexOf('.');
        return dot > 0 ? value.substring(0, dot) : value;
    }

    /** The text of a tools/call result; fails with the response when it is an error. */
    static String text(JsonNode response) {
        JsonNode result = response.get("result");
        if (result == null) {
            throw new AssertionError("not a result: " + response);
        }
        if (result.path("isError").asBoolean(false)) {
            throw new AssertionError("tool error: " + response);
        }
        return result.path("content").path(0).path("text").asText();
    }

    /** The structuredContent of a tools/call result. */
    static JsonNode structured(JsonNode response) {
        text(response);
        return response.path("result").path("structuredContent");
    }
}
