package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;

/**
 * A request the HTTP edge refuses: the HTTP status and the JSON-RPC error body to answer with. Handlers and guards
 * throw it; {@link HubServer} maps it to the reply ({@link #reply}) in one place. Not a failure of the hub, so it
 * carries no stack trace.
 *
 * <p><b>Threading:</b> immutable. <b>Nullability:</b> nothing is null.
 */
final class HttpProblem extends RuntimeException {
    private final int status;
    private final transient ObjectNode body;
    private final String headerName;
    private final String headerValue;

    HttpProblem(int status, ObjectNode body) {
        this(status, body, null, null);
    }

    private HttpProblem(int status, ObjectNode body, String headerName, String headerValue) {
        super(body.path("error").path("message").asText(), null, false, false);
        this.status = status;
        this.body = body;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    /** An HTTP-level refusal on an MCP endpoint, as a JSON-RPC error with a null id. */
    HttpProblem(int status, int code, String message) {
        this(status, JsonRpc.error(null, code, message));
    }

    /** The same refusal with a header on the reply (a 401's WWW-Authenticate). */
    HttpProblem withHeader(String name, String value) {
        return new HttpProblem(status, body, name, value);
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }

    /** Answers the request with this refusal: the one place a refused request becomes its reply. */
    void reply(Context ctx) {
        if (headerName != null) {
            ctx.header(headerName, headerValue);
        }
        HttpReplies.json(ctx, status, body);
    }

    /** The same on the MCP endpoints' own POST path. */
    void reply(EdgeExchange post) {
        if (headerName != null) {
            post.header(headerName, headerValue);
        }
        post.reply(status, "application/json", Json.bytes(body));
    }
}
