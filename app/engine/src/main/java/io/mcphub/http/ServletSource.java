package io.mcphub.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.function.BiConsumer;

/** A servlet request (the routes Javalin serves) as a {@link LiveHttpView.Source}. */
record ServletSource(HttpServletRequest request) implements LiveHttpView.Source {
    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> each) {
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String n = names.nextElement();
            each.accept(n, request.getHeader(n));
        }
    }

    @Override
    public String cookie(String name) {
        Cookie[] all = request.getCookies();
        if (all != null) {
            for (Cookie c : all) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    @Override
    public void forEachCookie(BiConsumer<String, String> each) {
        Cookie[] all = request.getCookies();
        if (all != null) {
            for (Cookie c : all) {
                each.accept(c.getName(), c.getValue());
            }
        }
    }
}
