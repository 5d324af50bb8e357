package io.mcphub.http;

import io.mcphub.upstream.Threads;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The server's outermost handler: decides on which thread each request is served.
 *
 * <p>Why: Jetty serves a request on the selector thread that read it only when the server's handlers say they never
 * block; otherwise (Javalin's servlet does block) the selector first hands its own role to a reserved thread, a
 * thread wake-up and a hand-off per request: ~11% of a coordinator's samples at 16 sessions (7.4% pool threads parked
 * and woken, ~4% the reserved thread), and a coordinator paid ~20% more CPU per proxied request with it than without
 * (benchmarks/README.md, "Profiles and fixes"). So this
 * handler says it never blocks, and keeps that promise itself:
 *
 * <ul>
 *   <li>an MCP POST ({@code serveHere}) of at most {@link #INLINE_BODY} bytes is served right here once its whole body
 *       has arrived (a body still coming is awaited on this thread, never on the pool), marked as event-loop work
 *       ({@link Threads#inEventLoop}): every step of its path that could block hands itself to a thread that may (a
 *       stdio server's pipe, a connection to a peer not yet open, the first ask for a session another coordinator
 *       opened); once its handler returned, the selector keeps watching the connection for the next request ({@link
 *       ClientEndPoint#watchForNextRequest}), so the thread that writes the answer need not wake the selector;
 *   <li>everything else (Javalin's routes, the plugins' APIs, a large or chunked POST, one whose body's read
 *       failed) is dispatched to the server's pool, as is a request found by a connection resumed on an answering
 *       thread ({@link ConnectionResumes}), so an upstream's reader never serves a client.
 * </ul>
 *
 * <p><b>Threading:</b> any of the server's threads; stateless.
 */
final class EdgeDispatch extends Handler.Wrapper {
    /** The largest body served on the selector thread: it is read into memory there before anything else. */
    static final int INLINE_BODY = 64 * 1024;

    private final Executor pool;
    private final Predicate<Request> serveHere;

    EdgeDispatch(Handler handler, Executor pool, Predicate<Request> serveHere) {
        super(handler);
        this.pool = pool;
        this.serveHere = serveHere;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength(); // -1: chunked
        if (ConnectionResumes.resuming() || length < 0 || length > INLINE_BODY || !serveHere.test(request)) {
            dispatch(request, response, callback);
            return true;
        }
        BufferedRequest buffered = BufferedRequest.readArrived(request, (int) length);
        if (buffered.body() != null) {
            return serveInline(buffered, response, callback);
        }
        awaitBody(buffered, response, callback);
        return true;
    }

    /**
     * Serves a request whose body is still coming once it came, on the selector thread that reads it: an HTTP client
     * commonly writes a request's head and its body apart (the JDK's does), and a lone caller's body is then often
     * not there yet when the selector reads the head. Handing such a request to the pool cost a thread wake-up per
     * request (measured: docs/benchmarks-before-after.md, "seventh pass"). A read that failed (the client went away,
     * the idle timeout) goes to the pool, where the handler's own read meets the failure.
     */
    private void awaitBody(BufferedRequest buffered, Response response, Callback callback) {
        buffered.demandMore(Invocable.from(InvocationType.NON_BLOCKING, () -> {
            if (!buffered.readMore()) {
                awaitBody(buffered, response, callback);
            } else if (buffered.body() == null) {
                dispatch(buffered, response, callback);
            } else {
                try {
                    if (!serveInline(buffered, response, callback)) {
                        Response.writeError(buffered, response, callback, HttpStatus.NOT_FOUND_404);
                    }
                } catch (Throwable t) {
                    callback.failed(t);
                }
            }
        }));
    }

    private boolean serveInline(BufferedRequest buffered, Response response, Callback callback) throws Exception {
        boolean handled = Threads.asEventLoop(() -> super.handle(buffered, response, callback));
        if (handled
                && buffered.getConnectionMetaData().getConnection().getEndPoint() instanceof ClientEndPoint client) {
            client.watchForNextRequest();
        }
        return handled;
    }

    private void dispatch(Request request, Response response, Callback callback) {
        pool.execute(() -> {
            try {
                // what Jetty does with a request no handler took, and with a handler's failure
                if (!super.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                callback.failed(t);
            }
        });
    }
}
