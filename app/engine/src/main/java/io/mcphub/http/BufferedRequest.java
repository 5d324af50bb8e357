package io.mcphub.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body is read without blocking ({@link EdgeDispatch}), as far as it has arrived, and again each time
 * more comes: its readers get those bytes first, then whatever follows on the connection. {@link #body} is the whole
 * body once it all came.
 *
 * <p><b>Threading:</b> read by one thread at a time, as a request is. <b>Nullability:</b> {@link #body} is null
 * while the body is incomplete.
 */
final class BufferedRequest extends Request.Wrapper {
    private byte[] arrived;
    private int length;
    private boolean last;
    private boolean failed;
    private boolean served;

    private BufferedRequest(Request request, int expected) {
        super(request);
        this.arrived = new byte[expected];
    }

    /**
     * Reads what has arrived of {@code request}'s body, never waiting for more; {@code expected} is its declared
     * length. A failed read is left in the request, for its reader to meet.
     */
    static BufferedRequest readArrived(Request request, int expected) {
        BufferedRequest buffered = new BufferedRequest(request, expected);
        buffered.readMore();
        return buffered;
    }

    /** Reads what has arrived since the last read, never waiting; true when the body is whole or its read failed. */
    boolean readMore() {
        while (!last && !failed) {
            Content.Chunk c = getWrapped().read();
            if (c == null) {
                return false;
            }
            if (Content.Chunk.isFailure(c)) {
                failed = true; // left for the handler's read to meet (the chunk stays in the request)
                return true;
            }
            ByteBuffer b = c.getByteBuffer();
            int r = b.remaining();
            if (length + r > arrived.length) {
                arrived = Arrays.copyOf(arrived, length + r); // the parser holds a body to its Content-Length
            }
            b.get(arrived, length, r);
            length += r;
            last = c.isLast();
            c.release();
        }
        return true;
    }

    /**
     * Has {@code more} run when more of the body can be read ({@link #readMore}); {@code more}'s invocation type says
     * whether Jetty may run it on the selector thread.
     */
    void demandMore(Runnable more) {
        getWrapped().demand(more);
    }

    /** The whole body, or null when more of it is still to come (or its read failed). */
    byte[] body() {
        if (!last) {
            return null;
        }
        if (length != arrived.length) {
            arrived = Arrays.copyOf(arrived, length);
        }
        return arrived;
    }

    @Override
    public Content.Chunk read() {
        if (!served) {
            served = true;
            if (length > 0 || last) {
                return Content.Chunk.from(ByteBuffer.wrap(arrived, 0, length), last);
            }
        }
        return last ? Content.Chunk.EOF : super.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (last || (!served && length > 0)) {
            demandCallback.run(); // read() has something now
        } else {
            super.demand(demandCallback);
        }
    }
}
