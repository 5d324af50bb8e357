package io.mcphub.http;

import io.mcphub.session.HttpView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's HTTP request as routing reads it, straight from the servlet request while that is live: no header is
 * copied on the way in. The servlet request is recycled once the handler returns, yet a failover retry may read
 * headers later (after a dropped SSE POST, or a legacy {@code /messages} POST answered 202 at once); so the handler
 * {@link #detach}es the view before it returns, and a view detached with answers still owed keeps a snapshot of the
 * headers and cookies, taken then. A read that overlaps the detach is discarded in favour of the snapshot.
 *
 * <p>Headers added for the answer ({@link #addResponseHeader}) are collected and written by the handler when it
 * writes the answer's headers ({@link #writeResponseHeaders}); later ones are dropped.
 *
 * <p><b>Threading:</b> reads and {@link #addResponseHeader} from any thread; {@link #detach} and
 * {@link #writeResponseHeaders} on the request's own thread. <b>Nullability:</b> reads return null when absent.
 */
final class ServletHttpView implements HttpView {
    private volatile HttpServletRequest live;
    private volatile Map<String, String> headers = Map.of();
    private volatile Map<String, String> cookies = Map.of();
    private List<Map.Entry<String, String>> responseHeaders;
    private boolean written;

    ServletHttpView(HttpServletRequest request) {
        this.live = request;
    }

    @Override
    public String header(String name) {
        HttpServletRequest r = live;
        if (r != null) {
            try {
                String v = r.getHeader(name);
                if (live == r) {
                    return v;
                }
            } catch (RuntimeException recycled) {
                // the request was detached and recycled under our feet: the snapshot answers
            }
        }
        return headers.get(name);
    }

    @Override
    public Map<String, String> headersStartingWith(String prefix) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        HttpServletRequest r = live;
        if (r != null) {
            try {
                Enumeration<String> names = r.getHeaderNames();
                while (names.hasMoreElements()) {
                    String n = names.nextElement();
                    if (n.regionMatches(true, 0, prefix, 0, prefix.length())) {
                        out.putIfAbsent(n, r.getHeader(n));
                    }
                }
                if (live == r) {
                    return out;
                }
            } catch (RuntimeException recycled) {
                // as for headers
            }
            out.clear();
        }
        headers.forEach((n, v) -> {
            if (n.regionMatches(true, 0, prefix, 0, prefix.length())) {
                out.put(n, v);
            }
        });
        return out;
    }

    @Override
    public String cookie(String name) {
        HttpServletRequest r = live;
        if (r != null) {
            try {
                String v = cookieOf(r.getCookies(), name);
                if (live == r) {
                    return v;
                }
            } catch (RuntimeException recycled) {
                // as for headers
            }
        }
        return cookies.get(name);
    }

    private static String cookieOf(Cookie[] all, String name) {
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
    public synchronized void addResponseHeader(String name, String value) {
        if (written) {
            return;
        }
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(2);
        }
        responseHeaders.add(Map.entry(name, value));
    }

    /** Writes the headers routing asked for onto the answer; any added later are dropped. */
    synchronized void writeResponseHeaders(HttpServletResponse response) {
        written = true;
        if (responseHeaders != null) {
            responseHeaders.forEach(h -> response.addHeader(h.getKey(), h.getValue()));
        }
    }

    /**
     * The servlet request is about to be recycled. With answers still owed (a later failover may read headers) the
     * headers and cookies are copied first; otherwise nothing is.
     */
    void detach(boolean answersOwed) {
        HttpServletRequest r = live;
        if (r == null) {
            return;
        }
        if (answersOwed) {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Enumeration<String> names = r.getHeaderNames();
            while (names.hasMoreElements()) {
                String n = names.nextElement();
                h.putIfAbsent(n, r.getHeader(n));
            }
            Map<String, String> c = new TreeMap<>();
            Cookie[] all = r.getCookies();
            if (all != null) {
                for (Cookie cookie : all) {
                    c.putIfAbsent(cookie.getName(), cookie.getValue());
                }
            }
            headers = h;
            cookies = c;
        }
        live = null;
        synchronized (this) {
            written = true;
        }
    }
}
