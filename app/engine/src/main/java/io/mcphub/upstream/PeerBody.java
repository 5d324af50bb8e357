package io.mcphub.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An answer's body on a {@link PeerConnection}, as its framing says: {@code Content-Length}, chunked, or (unframed)
 * until the connection ends. Reading it to its end, or closing it, tells the connection's reader thread it may go
 * on ({@link #awaitDone}): reused when the body ended cleanly, closed otherwise.
 *
 * <p><b>Threading:</b> read by one thread at a time (the consumer); {@link #awaitDone} on the reader thread.
 */
abstract class PeerBody extends InputStream {
    // a latch, not wait/notify: the reader thread is virtual on JDK 21+, and Object.wait pins its carrier there
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean clean;
    private Runnable onCleanEnd = () -> {};

    /**
     * Runs when the body is read to its framed end, on the consumer's thread: the connection can take the next
     * request at once (its reader thread gets back to the socket on its own), not only once that thread woke up.
     */
    final void onCleanEnd(Runnable r) {
        this.onCleanEnd = r;
    }

    static PeerBody of(InputStream in, Map<String, String> headers, int status) throws IOException {
        if (status == 204 || status == 304) {
            return new Fixed(in, 0);
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new Chunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new Fixed(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + length, e);
            }
        }
        return new UntilClose(in);
    }

    /** Ends a body that has nothing to read (a 202, a 204); called once {@link #onCleanEnd} is set. */
    void endIfEmpty() {}

    /** Whether the body's end can be told apart from the next answer (the connection may be reused). */
    boolean framed() {
        return true;
    }

    /** The body ended; {@code cleanly}: read to its framed end. */
    final void finish(boolean cleanly) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        clean = cleanly;
        ended.countDown();
        if (cleanly) {
            onCleanEnd.run();
        }
    }

    /** Waits until the consumer read the body to its end or closed it; true when it ended cleanly. */
    final boolean awaitDone() throws InterruptedException {
        ended.await();
        return clean;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        // closed before its end: the rest of it is still on the wire, so the connection cannot be reused
        finish(false);
    }

    /** Runs a read, marking the body broken when the connection fails under it. */
    final int guarded(IoRead r) throws IOException {
        try {
            return r.read();
        } catch (IOException e) {
            finish(false);
            throw e;
        }
    }

    interface IoRead {
        int read() throws IOException;
    }

    /** {@code Content-Length: n}. */
    private static final class Fixed extends PeerBody {
        private final InputStream in;
        private long left;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        void endIfEmpty() {
            if (left == 0) {
                finish(true);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                finish(true);
                return -1;
            }
            int n = guarded(() -> in.read(b, off, (int) Math.min(len, left)));
            if (n < 0) {
                finish(false);
                throw new IOException("the connection ended " + left + " bytes before the answer's end");
            }
            left -= n;
            if (left == 0) {
                finish(true);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }
    }

    /** {@code Transfer-Encoding: chunked}. */
    private static final class Chunked extends PeerBody {
        private final InputStream in;
        private long chunkLeft;
        private boolean ended;
        /**
         * The CRLF after a chunk's data is read with the next chunk's size, not right after the data: a server may
         * send it only with the next chunk (Jetty does), and an SSE event must reach the reader before that.
         */
        private boolean crlfOwed;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (chunkLeft == 0) {
                long size = guarded(() -> {
                    if (crlfOwed) {
                        expectCrlf();
                        crlfOwed = false;
                    }
                    return (int) Math.min(Integer.MAX_VALUE, nextChunkSize());
                });
                if (size == 0) {
                    guarded(() -> {
                        skipTrailers();
                        return 0;
                    });
                    ended = true;
                    finish(true);
                    return -1;
                }
                chunkLeft = size;
            }
            int n = guarded(() -> in.read(b, off, (int) Math.min(len, chunkLeft)));
            if (n < 0) {
                finish(false);
                throw new IOException("the connection ended inside a chunk of the answer");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                crlfOwed = true;
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new IOException("bad chunk size: " + line);
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + line, e);
            }
        }

        private void skipTrailers() throws IOException {
            while (!line().isEmpty()) {
                // trailers are not used
            }
        }

        private void expectCrlf() throws IOException {
            if (!line().isEmpty()) {
                throw new IOException("a chunk did not end with CRLF");
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(16);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("the connection ended inside the answer's chunk framing");
                }
                if (c == '\n') {
                    int len = b.length();
                    if (len > 0 && b.charAt(len - 1) == '\r') {
                        b.setLength(len - 1);
                    }
                    return b.toString();
                }
                if (b.length() > 4096) {
                    throw new IOException("a chunk header longer than 4096 bytes");
                }
                b.append((char) c);
            }
        }
    }

    /** Neither length nor chunks: the body is what comes until the peer closes; the connection is not reused. */
    private static final class UntilClose extends PeerBody {
        private final InputStream in;

        UntilClose(InputStream in) {
            this.in = in;
        }

        @Override
        boolean framed() {
            return false;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = guarded(() -> in.read(b, off, len));
            if (n < 0) {
                finish(false);
            }
            return n;
        }
    }
}
