package io.mcphub.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 client for the POSTs between the cluster's own hubs (coordinator to node, plain {@code http}),
 * where every proxied request pays for the client twice over: the JDK {@code HttpClient} hands each exchange
 * through a thread of ours, its selector thread and its executor before the answer is back (docs/benchmarks.md,
 * part 2). Here the caller's thread writes the request on a kept-alive connection, and the connection's own reader
 * thread, already blocked in {@code read} while the connection is idle, handles the answer: one wake-up per answer.
 *
 * <p>A connection is reused only after its answer's body was read to its end; an answer cut short, an unframed
 * body or {@code Connection: close} closes it. Idle connections are closed after {@code maxIdle} (well within a
 * Jetty node's 5-minute idle timeout, so a connection the node is closing is not picked up), and a connection the
 * peer closes while idle leaves the pool at once. A request is never sent twice: a connection that breaks after
 * the request was written fails it as "may have reached".
 *
 * <p><b>Threading:</b> {@link #post} may be called from any thread that may block briefly: it connects (at most
 * the connect timeout) and writes on the caller's thread. The {@link Handler} is called on the connection's reader
 * thread. <b>Nullability:</b> nothing is null.
 */
public final class PeerHttp {
    /** The client of every coordinator-to-node link: a peer answers a connection attempt in milliseconds. */
    static final PeerHttp SHARED = new PeerHttp(Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static final int MAX_IDLE_PER_PEER = 256;
    private static final int MAX_STALE = 3;
    /**
     * The largest request {@link #tryPost} writes: a kernel takes this much into an idle connection's empty send
     * buffer at once (Linux starts a TCP socket's at 16 KiB), so the write returns without waiting for the peer.
     */
    static final int WRITES_AT_ONCE = 16 * 1024;

    private static final Set<String> MANAGED = Set.of(
            "host",
            "content-length",
            "content-type",
            "accept",
            "connection",
            "transfer-encoding",
            "expect",
            "upgrade",
            "te",
            "trailer",
            "keep-alive");

    private final int connectTimeoutMs;
    private final long maxIdleNanos;
    private final Map<String, IdlePool> idle = new ConcurrentHashMap<>();

    /** A peer's idle connections, most recently used first, with their count (a deque's own size() walks it). */
    private static final class IdlePool {
        final Deque<PeerConnection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger size = new AtomicInteger();

        PeerConnection poll() {
            PeerConnection c = connections.pollFirst();
            if (c != null) {
                size.decrementAndGet();
            }
            return c;
        }

        boolean offer(PeerConnection c) {
            if (size.incrementAndGet() > MAX_IDLE_PER_PEER) {
                size.decrementAndGet();
                return false;
            }
            connections.offerFirst(c);
            return true;
        }
    }

    PeerHttp(Duration connectTimeout, Duration maxIdle) {
        this.connectTimeoutMs = (int) connectTimeout.toMillis();
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** What becomes of one exchange; called on the connection's reader thread, exactly one of the two, once. */
    interface Handler {
        /**
         * The answer's status and headers are in. Its body must be read to its end or closed, on any thread; the
         * connection is reused (or closed) only then.
         */
        void answered(Response response);

        /** The exchange broke after the request was written: the peer may have seen it. */
        void failed(IOException error);
    }

    /** An answer's head and its body. Header names are lower case. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        /** The first value of a header (lower-case name), or "" when absent. */
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    /**
     * POSTs {@code body} to {@code url} with {@code headers} (name, value pairs; Host and Content-Length are added).
     *
     * @throws java.net.ConnectException when no connection could be made: the peer certainly never saw the request
     * @throws IOException when writing the request failed (it may have reached the peer)
     */
    void post(URI url, List<String[]> headers, byte[] body, Handler handler) throws IOException {
        byte[] request = encode(url, headers, body);
        for (int attempt = 0; ; attempt++) {
            PeerConnection c = take(url, true);
            try {
                c.send(request, handler);
                return;
            } catch (PeerConnection.StaleConnectionException stale) {
                // nothing was written: another connection (or a new one) carries the request
                if (attempt >= MAX_STALE) {
                    ConnectException never = new ConnectException(stale.getMessage());
                    never.initCause(stale);
                    throw never;
                }
            }
        }
    }

    /**
     * The same, only when it cannot block: on an idle kept-alive connection (none is opened) and for a request that
     * fits the socket's send buffer, which such a connection has to itself (its last answer was read to its end).
     *
     * @return false when nothing was sent: no connection was idle, or the request is large; the caller may {@link
     *     #post} it on a thread that may block
     * @throws IOException when writing the request failed (it may have reached the peer)
     */
    boolean tryPost(URI url, List<String[]> headers, byte[] body, Handler handler) throws IOException {
        if (body.length > WRITES_AT_ONCE) {
            return false;
        }
        byte[] request = encode(url, headers, body);
        if (request.length > WRITES_AT_ONCE) {
            return false;
        }
        for (int attempt = 0; attempt <= MAX_STALE; attempt++) {
            PeerConnection c = take(url, false);
            if (c == null) {
                return false;
            }
            try {
                c.send(request, handler);
                return true;
            } catch (PeerConnection.StaleConnectionException stale) {
                // nothing was written: another idle connection may carry it
            }
        }
        return false;
    }

    /** Headers this client writes itself (or that would break the framing); passed-through ones are skipped. */
    static boolean managed(String name) {
        return MANAGED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether this client can carry requests to {@code url} (plain http with a host). */
    static boolean supports(URI url) {
        return "http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null;
    }

    /** An idle connection to {@code url}'s peer, else a new one ({@code open}) or null. */
    private PeerConnection take(URI url, boolean open) throws IOException {
        String key = key(url);
        IdlePool pool = idle.get(key);
        if (pool != null) {
            long now = System.nanoTime();
            PeerConnection c;
            while ((c = pool.poll()) != null) {
                if (now - c.idleSince() > maxIdleNanos) {
                    c.close();
                } else if (c.claim()) {
                    return c;
                }
            }
        }
        if (!open) {
            return null;
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        return PeerConnection.open(url.getHost(), port, connectTimeoutMs, this::release);
    }

    /** A connection whose answer was read to its end: back to the pool, most recently used first. */
    private void release(PeerConnection c) {
        if (!idle.computeIfAbsent(c.key(), k -> new IdlePool()).offer(c)) {
            c.close();
        }
    }

    /** How many pooled connections to {@code url}'s peer are idle and open. */
    int idleConnections(URI url) {
        IdlePool pool = idle.get(key(url));
        return pool == null
                ? 0
                : (int) pool.connections.stream().filter(PeerConnection::isIdle).count();
    }

    /** Closes every idle connection (tests, a stopping hub). */
    void closeIdle() {
        idle.values().forEach(pool -> {
            PeerConnection c;
            while ((c = pool.poll()) != null) {
                c.close();
            }
        });
    }

    static String key(URI url) {
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + (url.getPort() < 0 ? 80 : url.getPort());
    }

    /** The request's bytes in one array, so that it leaves in one write. */
    static byte[] encode(URI url, List<String[]> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        head.append("POST ").append(path);
        if (url.getRawQuery() != null) {
            head.append('?').append(url.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(url.getHost());
        if (url.getPort() >= 0) {
            head.append(':').append(url.getPort());
        }
        head.append("\r\n");
        for (String[] h : headers) {
            checkHeader(h[0], h[1]);
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** A header that would end the head early or carry another header is refused, not sent. */
    private static void checkHeader(String name, String value) throws IOException {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch == ':' || ch > '~') {
                throw new InvalidHeaderException("invalid header name '" + name + "'");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == 0 || ch > 0xff) {
                throw new InvalidHeaderException("invalid value of header " + name);
            }
        }
    }

    /** A request that could not be written at all: it never left. */
    static final class InvalidHeaderException extends IOException {
        InvalidHeaderException(String message) {
            super(message);
        }
    }
}
