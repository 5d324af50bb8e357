package io.mcphub.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ProtocolVersions;

/**
 * Why a 2026-07-28 request is refused before anything runs: the JSON-RPC error and the HTTP status the spec pairs
 * with it (400 for the envelope, header and version errors, 404 for an unknown method).
 *
 * <p><b>Nullability:</b> {@code data} may be null.
 */
public record ModernRefusal(int code, String message, ObjectNode data) {

    public int httpStatus() {
        return switch (code) {
            case JsonRpc.METHOD_NOT_FOUND -> 404;
            case JsonRpc.PARSE_ERROR,
                    JsonRpc.INVALID_REQUEST,
                    JsonRpc.INVALID_PARAMS,
                    JsonRpc.HEADER_MISMATCH,
                    JsonRpc.MISSING_CLIENT_CAPABILITY,
                    JsonRpc.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            default -> 200;
        };
    }

    /**
     * The HTTP status of a 2026-07-28 answer sent as JSON: 400 for the errors the revision pairs with it when a
     * request cannot be served for what the client sent (a capability it lacks, a header, a version), else 200.
     */
    public static int httpStatusOf(JsonNode answer) {
        int code = answer.path("error").path("code").asInt(0);
        return switch (code) {
            case JsonRpc.MISSING_CLIENT_CAPABILITY, JsonRpc.HEADER_MISMATCH, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION ->
                400;
            default -> 200;
        };
    }

    /** The JSON-RPC error answer for the request {@code id}. */
    public ObjectNode toResponse(JsonNode id) {
        return data == null ? JsonRpc.error(id, code, message) : JsonRpc.error(id, code, message, data);
    }

    static ModernRefusal invalidParams(String message) {
        return new ModernRefusal(JsonRpc.INVALID_PARAMS, message, null);
    }

    static ModernRefusal headerMismatch(String why) {
        return new ModernRefusal(JsonRpc.HEADER_MISMATCH, "Header mismatch: " + why, null);
    }

    /** -32022 with the versions the hub serves statelessly and the one asked for. */
    public static ModernRefusal unsupportedVersion(String requested) {
        ObjectNode data = Json.object();
        ProtocolVersions.MODERN_ALL.forEach(data.putArray("supported")::add);
        if (requested == null) {
            data.putNull("requested");
        } else {
            data.put("requested", requested);
        }
        return new ModernRefusal(
                JsonRpc.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + requested + " (expected: one of " + ProtocolVersions.MODERN_ALL
                        + "; 2025 clients start a session with initialize)",
                data);
    }

    public static ModernRefusal methodNotFound(String method) {
        return new ModernRefusal(
                JsonRpc.METHOD_NOT_FOUND,
                "Method not found: " + method + " (expected: one of " + Envelope.METHODS + " on a 2026-07-28 request)",
                null);
    }
}
