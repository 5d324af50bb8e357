package io.mcphub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ModeApi;

/** A JSON answer from an {@link ApiHandler}, in MCPHub's {@code {"success": ..., "data"|"message": ...}} shape. */
@ModeApi
public record ApiResponse(int status, JsonNode body) {

    public static ApiResponse ok(JsonNode data) {
        ObjectNode body = Json.object().put("success", true);
        body.set("data", data);
        return new ApiResponse(200, body);
    }

    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, Json.object().put("success", false).put("message", message));
    }

    public static ApiResponse error(int status, String message, JsonNode data) {
        ObjectNode body = Json.object().put("success", false).put("message", message);
        body.set("data", data);
        return new ApiResponse(status, body);
    }
}
