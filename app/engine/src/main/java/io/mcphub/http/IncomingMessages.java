package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.Envelope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A POST body parsed into JSON-RPC messages, or the error to answer it with. */
record IncomingMessages(List<ObjectNode> messages, boolean batch, ObjectNode error) {

    static IncomingMessages parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.parse(body);
        } catch (IOException e) {
            return failed(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is not valid JSON"));
        }
        if (root == null) {
            return failed(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is empty"));
        }
        List<ObjectNode> out = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                return failed(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch"));
            }
            for (JsonNode item : root) {
                ObjectNode error = check(item);
                if (error != null) {
                    return failed(error);
                }
                out.add((ObjectNode) item);
            }
            return new IncomingMessages(out, true, null);
        }
        ObjectNode error = check(root);
        if (error != null) {
            return failed(error);
        }
        out.add((ObjectNode) root);
        return new IncomingMessages(out, false, null);
    }

    private static ObjectNode check(JsonNode m) {
        if (JsonRpc.kind(m) != JsonRpc.Kind.INVALID) {
            return null;
        }
        JsonNode id = m.isObject() ? m.get("id") : null;
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            id = null;
        }
        return JsonRpc.error(
                id,
                JsonRpc.INVALID_REQUEST,
                "Invalid Request: expected a JSON-RPC 2.0 request, notification or response (\"jsonrpc\": \"2.0\", a "
                        + "string \"method\","
                        + " an id that is a string or an integer)");
    }

    private static IncomingMessages failed(ObjectNode error) {
        return new IncomingMessages(List.of(), false, error);
    }

    boolean failed() {
        return error != null;
    }

    List<JsonNode> requestIds() {
        List<JsonNode> ids = new ArrayList<>();
        for (ObjectNode m : messages) {
            if (JsonRpc.kind(m) == JsonRpc.Kind.REQUEST) {
                ids.add(m.get("id"));
            }
        }
        return ids;
    }

    /** Whether the POST is meant for the stateless era: a message with the 2026 envelope, or a 2026 version header. */
    boolean isModern(String versionHeader) {
        for (ObjectNode m : messages) {
            if (Envelope.isModern(m, versionHeader)) {
                return true;
            }
        }
        return false;
    }

    ObjectNode initialize() {
        for (ObjectNode m : messages) {
            if ("initialize".equals(JsonRpc.method(m)) && JsonRpc.kind(m) == JsonRpc.Kind.REQUEST) {
                return m;
            }
        }
        return null;
    }
}
