package io.mcphub.http;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's outermost handler: a request found by a connection resumed on an answering thread
 * ({@link ConnectionResumes}) is served on the pool, as Jetty would have served it, so that thread (an upstream's
 * reader) never runs a client's handler; every other request goes straight through.
 *
 * <p><b>Threading:</b> any of the server's threads; stateless.
 */
final class ResumeGuard extends Handler.Wrapper {
    private final Executor pool;

    ResumeGuard(Handler handler, Executor pool) {
        super(handler);
        this.pool = pool;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!ConnectionResumes.resuming()) {
            return super.handle(request, response, callback);
        }
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
        return true;
    }
}
