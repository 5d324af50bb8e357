package io.mcphub.http;

import io.javalin.http.Context;
import io.mcphub.jsonrpc.JsonRpc;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, without trusting Content-Length. */
final class BodyReader {
    private BodyReader() {}

    /**
     * The body of a JSON-RPC POST; a body longer than {@code max} bytes is refused with 413.
     *
     * @param where said after the limit, naming the setting
     */
    static byte[] require(Context ctx, long max, String where) throws IOException {
        return required(read(ctx, max), max, where);
    }

    /** The same on the MCP endpoints' own POST path. */
    static byte[] require(EdgeExchange post, long max, String where) throws IOException {
        return required(post.body(max), max, where);
    }

    private static byte[] required(byte[] body, long max, String where) {
        if (body == null) {
            throw new HttpProblem(
                    413, JsonRpc.INVALID_REQUEST, "Request body too large: the limit is " + max + " bytes" + where);
        }
        return body;
    }

    /** The body, or null when it is longer than {@code max} bytes. */
    static byte[] read(Context ctx, long max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return body.length > max ? null : body;
        }
    }
}
