package io.mcphub.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.mode.ModeApi;

/**
 * Builds and classifies JSON-RPC 2.0 messages as Jackson trees, and names the error codes the hub sends.
 *
 * <p><b>Threading:</b> stateless. <b>Nullability:</b> {@link #params} and {@link #method} return null when absent;
 * an error's {@code id} may be null (it is sent as JSON null).
 */
@ModeApi
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /**
     * The transport refused the HTTP request itself (bad header, unknown endpoint, not acceptable): the code the
     * TypeScript SDK's Streamable HTTP server uses for these.
     */
    public static final int TRANSPORT_ERROR = -32000;
    /**
     * MCP's "request timed out" (the TypeScript SDK's ErrorCode.RequestTimeout), in a JSON-RPC answer to a request.
     * The same number as {@link #SESSION_NOT_FOUND}; the two never meet: this one is a call's answer, that one an HTTP
     * 404 body.
     */
    public static final int REQUEST_TIMEOUT = -32001;
    /**
     * The Streamable HTTP transport's "session not found", in the body of an HTTP 404 (what the TypeScript SDK's
     * server sends). Same number as {@link #REQUEST_TIMEOUT}, a different meaning.
     */
    public static final int SESSION_NOT_FOUND = -32001;
    /** MCP's "resource not found". */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** The hub's own: the server that owns the name is not connected, or its node went away. */
    public static final int SERVER_UNAVAILABLE = -32010;
    /** The hub's own: the request was cancelled before an answer came. */
    public static final int REQUEST_CANCELLED = -32800;
    /** 2026-07-28: the HTTP headers disagree with the body. */
    public static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: the request needs a client capability its envelope does not declare. */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** 2026-07-28: the requested protocol version is not spoken; {@code data.supported} lists those that are. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpc() {}

    public enum Kind {
        REQUEST,
        NOTIFICATION,
        RESPONSE,
        INVALID
    }

    /** What a parsed message is; INVALID covers anything that is not JSON-RPC 2.0. */
    public static Kind kind(JsonNode message) {
        if (message == null || !message.isObject() || !"2.0".equals(Json.text(message, "jsonrpc"))) {
            return Kind.INVALID;
        }
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method != null) {
            if (!method.isTextual()) {
                return Kind.INVALID;
            }
            if (id == null) {
                return Kind.NOTIFICATION;
            }
            return validId(id) ? Kind.REQUEST : Kind.INVALID;
        }
        if (id != null && (message.has("result") || message.has("error"))) {
            return Kind.RESPONSE;
        }
        return Kind.INVALID;
    }

    private static boolean validId(JsonNode id) {
        return id.isTextual() || id.isIntegralNumber();
    }

    public static ObjectNode request(JsonNode id, String method, JsonNode params) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0");
        m.set("id", id);
        m.put("method", method);
        if (params != null && !params.isNull()) {
            m.set("params", params);
        }
        return m;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0").put("method", method);
        if (params != null && !params.isNull()) {
            m.set("params", params);
        }
        return m;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0");
        m.set("id", id);
        m.set("result", result);
        return m;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        return error(id, code, message, null);
    }

    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0");
        m.set("id", id == null ? Json.NODES.nullNode() : id);
        ObjectNode e = m.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            e.set("data", data);
        }
        return m;
    }

    public static boolean isError(JsonNode response) {
        return response.has("error");
    }

    public static ObjectNode params(JsonNode message) {
        JsonNode p = message.get("params");
        return p instanceof ObjectNode o ? o : null;
    }

    public static String method(JsonNode message) {
        return Json.text(message, "method");
    }
}
