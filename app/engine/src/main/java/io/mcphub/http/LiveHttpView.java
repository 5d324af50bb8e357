package io.mcphub.http;

import io.mcphub.session.HttpView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The client's HTTP request as routing reads it, straight from the server's request object while that is live: no
 * header is copied on the way in. The server recycles its request once the handler is done, yet a failover retry may
 * read headers later (after a dropped SSE POST, or a legacy {@code /messages} POST answered 202 at once); so the
 * handler {@link #detach}es the view before it lets the request go, and a view detached with answers still owed keeps
 * a snapshot of the headers and cookies, taken then. A read that overlaps the detach is discarded in favour of the
 * snapshot.
 *
 * <p>Headers added for the answer ({@link #addResponseHeader}) are collected and written by the handler when it
 * writes the answer's headers ({@link #writeResponseHeaders}); later ones are dropped.
 *
 * <p><b>Threading:</b> reads and {@link #addResponseHeader} from any thread; {@link #detach} and
 * {@link #writeResponseHeaders} on the request's own thread. <b>Nullability:</b> reads return null when absent.
 */
final class LiveHttpView implements HttpView {
    /** How a server's request object is read: a servlet request, or a Jetty core request. */
    interface Source {
        /** The first value of a header (names ignore case), or null. */
        String header(String name);

        /** Every header, first value per name; {@code each} may see a name again with a later value. */
        void forEachHeader(BiConsumer<String, String> each);

        /** The value of a cookie (names exact), or null. */
        String cookie(String name);

        /** Every cookie. */
        void forEachCookie(BiConsumer<String, String> each);
    }

    private volatile Source live;
    private volatile Map<String, String> headers = Map.of();
    private volatile Map<String, String> cookies = Map.of();
    private List<Map.Entry<String, String>> responseHeaders;
    private boolean written;

    LiveHttpView(Source request) {
        this.live = request;
    }

    @Override
    public String header(String name) {
        return read(r -> r.header(name), false, name);
    }

    /** A read from the live request, or from the snapshot once the request is detached (or recycled meanwhile). */
    private String read(Function<Source, String> fromLive, boolean cookie, String name) {
        Source r = live;
        if (r != null) {
            try {
                String v = fromLive.apply(r);
                if (live == r) {
                    return v;
                }
            } catch (RuntimeException recycled) {
                // the request was detached and recycled under our feet: the snapshot answers
            }
        }
        // read only now: a detach that overlapped the live read has put the snapshot in place
        return (cookie ? cookies : headers).get(name);
    }

    @Override
    public Map<String, String> headersStartingWith(String prefix) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Source r = live;
        if (r != null) {
            try {
                r.forEachHeader((n, v) -> {
                    if (n.regionMatches(true, 0, prefix, 0, prefix.length())) {
                        out.putIfAbsent(n, v);
                    }
                });
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
        return read(r -> r.cookie(name), true, name);
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
    synchronized void writeResponseHeaders(BiConsumer<String, String> add) {
        written = true;
        if (responseHeaders != null) {
            responseHeaders.forEach(h -> add.accept(h.getKey(), h.getValue()));
        }
    }

    /**
     * The server's request is about to be recycled. With answers still owed (a later failover may read headers) the
     * headers and cookies are copied first; otherwise nothing is.
     */
    void detach(boolean answersOwed) {
        Source r = live;
        if (r == null) {
            return;
        }
        if (answersOwed) {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.forEachHeader(h::putIfAbsent);
            Map<String, String> c = new TreeMap<>();
            r.forEachCookie(c::putIfAbsent);
            headers = h;
            cookies = c;
        }
        live = null;
        synchronized (this) {
            written = true;
        }
    }
}
