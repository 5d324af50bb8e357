package io.mcphub.http;

import io.javalin.http.Context;
import io.mcphub.hub.ClientRequest;
import jakarta.servlet.http.Cookie;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/** Copies what routing may need of an HTTP request (headers, cookies) out of Javalin. */
final class ClientRequests {
    private ClientRequests() {}

    static ClientRequest of(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        Enumeration<String> names = ctx.req().getHeaderNames();
        while (names.hasMoreElements()) {
            String n = names.nextElement();
            headers.put(n, ctx.req().getHeader(n));
        }
        Map<String, String> cookies = new HashMap<>();
        Cookie[] cs = ctx.req().getCookies();
        if (cs != null) {
            for (Cookie c : cs) cookies.putIfAbsent(c.getName(), c.getValue());
        }
        return new ClientRequest(headers, cookies);
    }
}
