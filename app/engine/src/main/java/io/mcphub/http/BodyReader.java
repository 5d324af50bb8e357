package io.mcphub.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, without trusting Content-Length. */
final class BodyReader {
    private BodyReader() {}

    /** The body, or null when it is longer than {@code max} bytes. */
    static byte[] read(Context ctx, long max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) return null;
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return body.length > max ? null : body;
        }
    }
}
