package io.mcphub.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kept-alive HTTP/1.1 connection of {@link PeerHttp} and its reader thread. The reader sits in {@code read}
 * while the connection is idle, so it hears at once when the peer closes it (it then leaves the pool) and needs no
 * wake-up to read an answer. One exchange at a time: a connection is claimed from the pool, written, answered, and
 * released after the answer's body was consumed.
 *
 * <p><b>Threading:</b> {@link #send} on the claiming thread; everything else on the reader thread.
 */
final class PeerConnection {
    private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int DEAD = 2;
    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final Socket socket;
    private final PeerInput in;
    private final OutputStream out;
    private final String key;
    private final Consumer<PeerConnection> release;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private final Object lock = new Object();
    private PeerHttp.Handler current;
    private volatile long idleSince = System.nanoTime();

    private PeerConnection(Socket socket, String key, Consumer<PeerConnection> release) throws IOException {
        this.socket = socket;
        this.in = new PeerInput(socket.getInputStream(), 16 * 1024, key);
        this.out = socket.getOutputStream();
        this.key = key;
        this.release = release;
    }

    /** A new connection, claimed by the caller; its reader thread is started. */
    static PeerConnection open(String host, int port, int connectTimeoutMs, Consumer<PeerConnection> release)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        } catch (IOException e) {
            closeQuietly(s);
            // whatever the reason (refused, timed out, unknown host), the request never left
            ConnectException never = new ConnectException("cannot connect to " + host + ":" + port + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            never.initCause(e);
            throw never;
        }
        PeerConnection c = new PeerConnection(s, host.toLowerCase(Locale.ROOT) + ":" + port, release);
        Threads.blocking().execute(c::readLoop);
        return c;
    }

    String key() {
        return key;
    }

    long idleSince() {
        return idleSince;
    }

    boolean isIdle() {
        return state.get() == IDLE;
    }

    /** Takes an idle connection for one exchange; false when it is busy or dead. */
    boolean claim() {
        return state.compareAndSet(IDLE, BUSY);
    }

    /** Writes a request on a claimed connection; its answer goes to {@code handler}. */
    void send(byte[] request, PeerHttp.Handler handler) throws IOException {
        synchronized (lock) {
            if (state.get() == DEAD) {
                // the peer closed it as it was claimed: nothing was written, another connection may carry it
                throw new StaleConnectionException(key);
            }
            current = handler;
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            // the reader may already have failed the handler with the same break; one of the two reports it
            if (takeCurrent() != null) {
                close();
                throw e;
            }
        }
    }

    private PeerHttp.Handler takeCurrent() {
        synchronized (lock) {
            PeerHttp.Handler h = current;
            current = null;
            return h;
        }
    }

    /** The handler of the exchange whose answer has begun (set before its request was written), or null. */
    private PeerHttp.Handler current() {
        synchronized (lock) {
            return current;
        }
    }

    private void readLoop() {
        try {
            while (true) {
                String status = readLine(true);
                if (status == null) {
                    failIfBusy(new IOException("the peer closed the connection before answering"));
                    return;
                }
                PeerHttp.Handler handler;
                if (state.get() != BUSY || (handler = current()) == null) {
                    log.debug("{} sent bytes nobody asked for; closing the connection", key);
                    return;
                }
                if (!exchange(status, handler)) {
                    return;
                }
            }
        } catch (IOException e) {
            failIfBusy(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failIfBusy(new IOException("interrupted"));
        } finally {
            close();
        }
    }

    /** One answer; true when the connection went back to the pool. */
    private boolean exchange(String statusLine, PeerHttp.Handler handler) throws IOException, InterruptedException {
        int status = statusOf(statusLine);
        Map<String, String> headers = readHeaders();
        while (status >= 100 && status < 200) {
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            String next = readLine(false);
            status = statusOf(next);
            headers = readHeaders();
        }
        boolean keepAlive =
                !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
        PeerBody body = PeerBody.of(in, headers, status);
        boolean reuse = keepAlive && body.framed();
        if (reuse) {
            body.onCleanEnd(this::release);
        }
        takeCurrent();
        // after takeCurrent: an empty body releases the connection at once, and the next exchange may claim it
        body.endIfEmpty();
        try {
            handler.answered(new PeerHttp.Response(status, headers, body));
        } catch (RuntimeException e) {
            log.warn("handling an answer from {} failed", key, e);
            body.close();
        }
        // released already (onCleanEnd) when the body ended cleanly; this thread only goes back to the socket
        return body.awaitDone() && reuse;
    }

    /** The answer's body ended cleanly: the connection may take the next request. */
    private void release() {
        idleSince = System.nanoTime();
        state.set(IDLE);
        release.accept(this);
    }

    private void failIfBusy(IOException e) {
        if (state.getAndSet(DEAD) == BUSY) {
            PeerHttp.Handler h = takeCurrent();
            if (h != null) {
                h.failed(e);
            }
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " headers from " + key);
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
    }

    private int statusOf(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (line == null || !line.startsWith("HTTP/1.") || line.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer from " + key + ": " + line);
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status line from " + key + ": " + line, e);
        }
    }

    /** A line of the head, without its CRLF; null at the end of the stream when {@code eofOk}. */
    private String readLine(boolean eofOk) throws IOException {
        String line = in.readLine(MAX_HEAD_LINE);
        if (line == null && !eofOk) {
            throw new IOException("the connection to " + key + " ended inside an answer's head");
        }
        return line;
    }

    /** A pooled connection that turned out closed before anything was written on it. */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException(String key) {
            super("the idle connection to " + key + " was closed");
        }
    }

    void close() {
        state.set(DEAD);
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
