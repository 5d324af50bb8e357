package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;

/** JSON answers in the two shapes the hub speaks: JSON-RPC on MCP endpoints, MCPHub's envelope on the API. */
final class HttpReplies {
    private HttpReplies() {}

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(Json.bytes(body));
    }

    /** An HTTP-level failure on an MCP endpoint, as a JSON-RPC error with a null id. */
    static void rpcError(Context ctx, int status, int code, String message) {
        rpcError(ctx, status, JsonRpc.error(null, code, message));
    }

    static void rpcError(Context ctx, int status, ObjectNode error) {
        json(ctx, status, error);
    }

    /** MCPHub's {@code {"success": ..., "data": ...}}. */
    static void api(Context ctx, int status, JsonNode data) {
        ObjectNode body = Json.object().put("success", status < 400);
        body.set("data", data);
        json(ctx, status, body);
    }

    static void apiError(Context ctx, int status, String message) {
        json(ctx, status, Json.object().put("success", false).put("message", message));
    }
}
