package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link PeerInput}: heads cut into lines wherever the socket's reads happen to split them, and the body after. */
class PeerInputTest {
    private static final String ANSWER =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Bare: lf\n" + "Content-Length: 7\r\n\r\n{\"a\":1}";

    @Test
    void linesAndBody_cameInOneRead() throws IOException {
        assertAnswer(new PeerInput(stream(ANSWER, 1 << 16), 16 * 1024, "peer"));
    }

    @Test
    void linesAndBody_cameInPiecesOfEverySize() throws IOException {
        for (int piece = 1; piece <= 8; piece++) {
            for (int buffer = 1; buffer <= 8; buffer++) {
                // every split of a CRLF across two reads, and lines longer than the buffer
                assertAnswer(new PeerInput(stream(ANSWER, piece), buffer, "peer"));
            }
        }
    }

    @Test
    void endOfStream_beforeALine_isNull_insideALine_isAnError() throws IOException {
        assertNull(new PeerInput(stream("", 4), 16, "peer").readLine(100));
        PeerInput cut = new PeerInput(stream("HTTP/1.1 20", 4), 16, "peer");
        IOException e = assertThrows(IOException.class, () -> cut.readLine(100));
        assertTrue(e.getMessage().contains("peer"), e.getMessage());
    }

    @Test
    void lineLongerThanTheLimit_isAnError() {
        PeerInput in = new PeerInput(stream("x".repeat(300) + "\r\n", 7), 16, "peer");
        IOException e = assertThrows(IOException.class, () -> in.readLine(100));
        assertTrue(e.getMessage().contains("longer than 100"), e.getMessage());
    }

    @Test
    void largeRead_afterTheBufferEmptied_goesStraightToTheStream() throws IOException {
        byte[] big = new byte[100];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        PeerInput in = new PeerInput(new ByteArrayInputStream(big), 16, "peer");
        assertEquals(0, in.read());
        byte[] rest = new byte[99];
        int n = 0;
        while (n < rest.length) {
            n += in.read(rest, n, rest.length - n);
        }
        assertEquals(99, rest[98]);
        assertEquals(-1, in.read());
    }

    private static void assertAnswer(PeerInput in) throws IOException {
        assertEquals("HTTP/1.1 200 OK", in.readLine(100));
        assertEquals("Content-Type: application/json", in.readLine(100));
        assertEquals("X-Bare: lf", in.readLine(100));
        assertEquals("Content-Length: 7", in.readLine(100));
        assertEquals("", in.readLine(100));
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), in.readNBytes(7));
        assertEquals(-1, in.read());
    }

    /** A stream that gives at most {@code piece} bytes per read, as a socket may. */
    private static InputStream stream(String text, int piece) {
        ByteArrayInputStream all = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return all.read(b, off, Math.min(len, piece));
            }
        };
    }
}
