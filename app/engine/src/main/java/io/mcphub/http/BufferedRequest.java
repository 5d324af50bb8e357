package io.mcphub.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body was read, as far as it had arrived, without blocking ({@link EdgeDispatch}): its readers get
 * those bytes first, then whatever follows on the connection. {@link #body} is the whole body once it all came.
 *
 * <p><b>Threading:</b> read by one thread at a time, as a request is. <b>Nullability:</b> {@link #body} is null
 * while the body is incomplete.
 */
final class BufferedRequest extends Request.Wrapper {
    private final byte[] arrived;
    private final boolean last;
    private boolean served;

    private BufferedRequest(Request request, byte[] arrived, boolean last) {
        super(request);
        this.arrived = arrived;
        this.last = last;
    }

    /**
     * Reads what has arrived of {@code request}'s body, never waiting for more; {@code expected} is its declared
     * length. A failed read is left in the request, for its reader to meet.
     */
    static BufferedRequest readArrived(Request request, int expected) {
        byte[] body = new byte[expected];
        int n = 0;
        boolean last = false;
        while (!last) {
            Content.Chunk c = request.read();
            if (c == null || Content.Chunk.isFailure(c)) {
                break;
            }
            ByteBuffer b = c.getByteBuffer();
            int r = b.remaining();
            if (n + r > body.length) {
                body = Arrays.copyOf(body, n + r); // the parser holds a body to its Content-Length; kept whole anyway
            }
            b.get(body, n, r);
            n += r;
            last = c.isLast();
            c.release();
        }
        return new BufferedRequest(request, n == body.length ? body : Arrays.copyOf(body, n), last);
    }

    /** The whole body, or null when more of it is still to come. */
    byte[] body() {
        return last ? arrived : null;
    }

    @Override
    public Content.Chunk read() {
        if (!served) {
            served = true;
            if (arrived.length > 0 || last) {
                return Content.Chunk.from(ByteBuffer.wrap(arrived), last);
            }
        }
        return last ? Content.Chunk.EOF : super.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (last || (!served && arrived.length > 0)) {
            demandCallback.run(); // read() has something now
        } else {
            super.demand(demandCallback);
        }
    }
}
