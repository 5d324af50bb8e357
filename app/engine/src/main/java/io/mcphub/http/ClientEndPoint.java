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
 * A client connection's endpoint that skips the reads that would find nothing, a system call each, and has the
 * selector watch for the next request before the current one's answer is written ({@link #watchForNextRequest}).
 *
 * <p>Two reads that find nothing follow every request. Jetty retries a read that returned nothing at once (for TLS,
 * where a read may stop mid-record; on a plain socket the retry finds the same nothing): that retry is skipped. And
 * after an answer was written it reads again for a next request, which a client still reading that answer has not
 * sent: from the write until Jetty registers its interest in reading (or the selector reports the socket readable),
 * {@link #fill} reports nothing without asking the kernel. Nothing is lost: whoever gets that answer registers
 * interest, and the selector's level-triggered poll reports at once any bytes that came in the meantime (measured:
 * docs/benchmarks-before-after.md, "fifth pass"). The one reader that takes nothing for an answer is Jetty's reading of
 * a body left unread when an answer was written (a refusal): finding nothing, it closes the connection under a
 * client about to reuse it. So an answer written before its request was read whole skips no read, and a read that
 * found nothing skips only the retry that comes right after it.
 *
 * <p><b>Threading:</b> Jetty's; the marks are volatile.
 */
final class ClientEndPoint extends SocketChannelEndPoint {
    /** An answer was written after its request was read whole, and Jetty has not asked to read again yet. */
    private volatile boolean answered;
    /** The last read found nothing: Jetty's retry, the next read, would find the same. */
    private volatile boolean retryOfEmpty;
    /** The selector watches for the next request since {@link #watchForNextRequest}, and has not reported it yet. */
    private volatile boolean watching;

    private volatile SelectionKey key;
    /** The thread that runs this connection's selector, the only one that stops watching it ({@link #onSelected}). */
    private volatile Thread selectorThread;

    ClientEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
        this.key = key;
    }

    /**
     * Has the selector watch this connection for the client's next request now, on the selector thread that handed
     * the current one on, rather than later from the thread that writes its answer.
     *
     * <p>Why: Jetty stops watching a connection while it serves a request and asks the selector to watch again once
     * the answer is written. Asked from another thread (the one that read the answer from a node), that is a selector
     * wake-up and two changes of its watch list per request (an eventfd write and read, a return from
     * {@code epoll_wait}, an {@code epoll_ctl} to remove the socket and one to add it back). Asked here, before the
     * selector polls again, the watch list never changes, and the answering thread finds the watch in place when it
     * registers its interest ({@link #needsFillInterest}). A client sends nothing while it awaits its answer; if it
     * does (a pipelined request, a close), the selector finds no one interested ({@link #onSelected}), stops
     * watching, and the interest registered after the answer watches again, as Jetty always does (measured:
     * docs/benchmarks-before-after.md, "sixth pass").
     *
     * <p><b>Threading:</b> call once the request's handler returned; does nothing unless on the selector thread, the
     * one thread that stops watching (a watch set from another thread could be undone by a selection in between,
     * and the interest registered after the answer would then find no watch).
     */
    void watchForNextRequest() {
        if (Thread.currentThread() == selectorThread) {
            super.needsFillInterest();
            watching = true;
        }
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (!isInputShutdown()) {
            if (answered) {
                return 0;
            }
            if (retryOfEmpty) {
                retryOfEmpty = false;
                return 0;
            }
        }
        int filled = super.fill(buffer);
        retryOfEmpty = filled == 0;
        return filled;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        boolean all = super.flush(buffers);
        // the client reads this before it sends more (a pipelined request is found by the selector instead)
        if (requestReadWhole()) {
            answered = true;
        }
        return all;
    }

    private boolean requestReadWhole() {
        return getConnection() instanceof HttpConnection http
                && (http.getParser().isComplete() || http.getParser().isStart());
    }

    @Override
    protected void needsFillInterest() {
        answered = false;
        retryOfEmpty = false;
        if (watching) {
            return; // the selector reports the next bytes to the interest just registered: see onSelected
        }
        super.needsFillInterest();
    }

    @Override
    public Runnable onSelected() {
        selectorThread = Thread.currentThread();
        answered = false;
        retryOfEmpty = false;
        boolean watchedEarly = watching;
        watching = false; // before Jetty stops watching: an interest registered from now on watches again itself
        Runnable task = super.onSelected();
        if (watchedEarly
                && key.readyOps() == SelectionKey.OP_READ
                && !getFillInterest().isInterested()) {
            return null; // bytes nobody awaits yet (the answer is still being written): they wait in the socket
        }
        return task;
    }

    @Override
    public void replaceKey(SelectionKey newKey) {
        key = newKey;
        super.replaceKey(newKey);
    }
}
