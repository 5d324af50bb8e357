package io.mcphub.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A client connection's endpoint that skips the reads that would find nothing, a system call each.
 *
 * <p>Two such reads follow every request: Jetty retries a read that returned nothing at once (for TLS, where a read
 * may stop mid-record; on a plain socket the retry finds the same nothing), and after an answer was written it
 * reads again for a next request, which a client still reading that answer has not sent. From the moment a read
 * came back empty or an answer was written, until Jetty registers its interest in reading (or the selector reports
 * the socket readable), {@link #fill} reports nothing without asking the kernel. That is always a valid answer for a
 * non-blocking read, and nothing is lost: whoever gets it registers interest, and the selector's level-triggered
 * poll reports at once any bytes that came in the meantime (measured: docs/benchmarks-before-after.md, "fifth
 * pass"). The one reader that takes nothing for an answer is Jetty's reading of a body left unread when an answer
 * was written (a refusal): finding nothing, it closes the connection under a client about to reuse it. So an
 * answer written before its request was read whole sets no mark.
 *
 * <p><b>Threading:</b> Jetty's; the mark is volatile, and a read it skips wrongly costs one selector round, never
 * a request.
 */
final class ClientEndPoint extends SocketChannelEndPoint {
    private volatile boolean readWouldFindNothing;

    ClientEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (readWouldFindNothing && !isInputShutdown()) {
            return 0;
        }
        int filled = super.fill(buffer);
        if (filled == 0) {
            readWouldFindNothing = true;
        }
        return filled;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        boolean all = super.flush(buffers);
        // the client reads this before it sends more (a pipelined request is found by the selector instead)
        if (requestReadWhole()) {
            readWouldFindNothing = true;
        }
        return all;
    }

    private boolean requestReadWhole() {
        return getConnection() instanceof HttpConnection http
                && (http.getParser().isComplete() || http.getParser().isStart());
    }

    @Override
    protected void needsFillInterest() {
        readWouldFindNothing = false;
        super.needsFillInterest();
    }

    @Override
    public Runnable onSelected() {
        readWouldFindNothing = false;
        return super.onSelected();
    }
}
