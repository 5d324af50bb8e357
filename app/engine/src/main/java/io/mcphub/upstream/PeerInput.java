package io.mcphub.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link PeerConnection}'s input, buffered: lines of an answer's head are cut out of the buffer whole, and bytes
 * are read without a lock. {@code BufferedInputStream} takes a lock per {@code read()}, and a head was read through it
 * byte by byte ({@code PeerConnection}'s own frames were ~5% of a coordinator's samples under 16 stateless callers).
 *
 * <p><b>Threading:</b> one reader at a time, handed over with a happens-before edge: the connection's reader thread
 * reads heads; an answer's body may be read by its consumer meanwhile, and the reader thread reads the next head
 * only once that body ended ({@link PeerBody#awaitDone}).
 */
final class PeerInput extends InputStream {
    private final InputStream in;
    private final String peer;
    private final byte[] buf;
    private int pos;
    private int limit;

    PeerInput(InputStream in, int size, String peer) {
        this.in = in;
        this.buf = new byte[size];
        this.peer = peer;
    }

    /**
     * The next line, without its CRLF (or bare LF), as ISO-8859-1; null when the stream ends before its first byte.
     *
     * @throws IOException when the stream ends inside the line, or the line is longer than {@code max} bytes
     */
    String readLine(int max) throws IOException {
        byte[] head = null; // what came before the buffer was refilled, for a line that spans fills
        int headLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (headLength == 0) {
                    return null;
                }
                throw new IOException("the connection to " + peer + " ended inside an answer's head");
            }
            int start = pos;
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    if (head == null) {
                        return line(buf, start, i - start);
                    }
                    head = append(head, headLength, buf, start, i - start, max);
                    return line(head, 0, headLength + i - start); // its CR may have come in the previous fill
                }
            }
            head = append(head == null ? new byte[64] : head, headLength, buf, start, limit - start, max);
            headLength += limit - start;
            pos = limit;
        }
    }

    /** The bytes of a line as ISO-8859-1, without the CR before its LF. */
    private static String line(byte[] bytes, int offset, int length) {
        int n = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
        return new String(bytes, offset, n, StandardCharsets.ISO_8859_1);
    }

    private byte[] append(byte[] to, int length, byte[] from, int offset, int count, int max) throws IOException {
        if (length + count > max) {
            throw new IOException("a header line longer than " + max + " bytes from " + peer);
        }
        byte[] into = length + count <= to.length ? to : Arrays.copyOf(to, Math.max(to.length * 2, length + count));
        System.arraycopy(from, offset, into, length, count);
        return into;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buf.length) {
                return in.read(b, off, len); // a large read goes straight to the socket, as BufferedInputStream's
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - pos + in.available();
    }
}
