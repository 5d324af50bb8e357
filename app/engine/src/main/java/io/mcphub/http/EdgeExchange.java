package io.mcphub.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request on the hub's busiest paths, served on Jetty's own request and response (no servlet, no Javalin
 * context): a POST on an MCP endpoint, on nodes and coordinators alike, or a plugin's API call such as a node's
 * heartbeat. It reads what the handlers need and answers once: a whole body ({@link #reply}) or a stream
 * ({@link #stream}, then {@link #end}). Whatever path a handler takes, the exchange is completed exactly once
 * ({@link #complete}).
 *
 * <p><b>Threading:</b> the request's own thread. <b>Nullability:</b> {@link #name()} is null on {@code /mcp} and on
 * API calls; header reads return null when absent.
 */
final class EdgeExchange implements Guards.Request, LiveHttpView.Source {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String name;
    private final boolean messages;
    private OutputStream stream;
    private volatile boolean done;
    /** Answered later by another thread ({@link #goAsync}): the handler's return does not complete it. */
    private volatile boolean async;

    EdgeExchange(Request request, Response response, Callback callback, String name) {
        this(request, response, callback, name, false);
    }

    /** @param messages whether the path is the legacy SSE transport's {@code /messages} (a bearer key's scope) */
    EdgeExchange(Request request, Response response, Callback callback, String name, boolean messages) {
        this.messages = messages;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean messagesPath() {
        return messages;
    }

    @Override
    public String header(String header) {
        return request.getHeaders().get(header);
    }

    @Override
    public String localAddress() {
        return Request.getLocalAddr(request);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> each) {
        for (HttpField f : request.getHeaders()) {
            each.accept(f.getName(), f.getValue());
        }
    }

    @Override
    public String cookie(String cookie) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(cookie)) {
                return c.getValue();
            }
        }
        return null;
    }

    @Override
    public void forEachCookie(BiConsumer<String, String> each) {
        for (HttpCookie c : Request.getCookies(request)) {
            each.accept(c.getName(), c.getValue());
        }
    }

    /** The request's method. */
    String method() {
        return request.getMethod();
    }

    /** The query parameters, the first value of each. */
    Map<String, String> query() {
        Map<String, String> out = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValue() == null ? "" : f.getValue());
        }
        return out;
    }

    /** The method and path, for messages. */
    String describe() {
        return request.getMethod() + " " + request.getHttpURI().getPath();
    }

    /** The body, or null when it is longer than {@code max} bytes (Content-Length is not trusted). */
    byte[] body(long max) throws IOException {
        if (request.getLength() > max) {
            return null;
        }
        byte[] arrived = request instanceof BufferedRequest b ? b.body() : null;
        if (arrived != null) {
            return arrived.length > max ? null : arrived;
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return body.length > max ? null : body;
        }
    }

    /** Sets a header of the answer (before it is sent). */
    void header(String header, String value) {
        response.getHeaders().put(header, value);
    }

    /** Adds a header of the answer (before it is sent). */
    void addHeader(String header, String value) {
        response.getHeaders().add(header, value);
    }

    /**
     * The answer will come from another thread, after the handler has returned: from now on only that thread
     * completes the exchange ({@link #reply}, {@link #end} or {@link #complete}).
     */
    void goAsync() {
        async = true;
    }

    /** The handler returned: a synchronous exchange is completed ({@link #complete}); an async one is left alone. */
    void handlerReturned(Throwable failure) {
        if (!async) {
            complete(failure);
        }
    }

    /** Answers with a whole body; the exchange is complete once it is written. */
    void reply(int status, String contentType, byte[] body) {
        if (done) {
            return;
        }
        done = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put("Content-Type", contentType);
        }
        ByteBuffer content = body == null ? null : ByteBuffer.wrap(body);
        finish(() -> response.write(true, content, callback));
    }

    /** Answers with a status and no body. */
    void status(int status) {
        reply(status, null, null);
    }

    /**
     * Starts a streamed answer: {@code headers} sets the answer's headers, then the stream is returned; the caller
     * writes and flushes, and calls {@link #end} when done.
     */
    OutputStream stream(int status, Consumer<BiConsumer<String, String>> headers) {
        response.setStatus(status);
        headers.accept(this::header);
        stream = Content.Sink.asOutputStream(response);
        return stream;
    }

    /** Ends a streamed answer: the last bytes are flushed and the exchange is complete. */
    void end() {
        if (done) {
            return;
        }
        done = true;
        finish(this::closeStream);
    }

    /**
     * Runs the last write of the answer. After {@link #goAsync} it comes from the thread that completed the answer,
     * which then also resumes the client's connection ({@link ConnectionResumes}).
     */
    private void finish(Runnable lastWrite) {
        if (async) {
            ConnectionResumes.answer(lastWrite);
        } else {
            lastWrite.run();
        }
    }

    private void closeStream() {
        try {
            stream.close();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /**
     * Whether the answer was started (its status and headers may be on the wire) or handed to another thread: no
     * other reply can follow on this thread.
     */
    boolean started() {
        return done || stream != null || async;
    }

    /**
     * Whoever answers is done with the exchange: one not answered yet is answered 202 with no body (a
     * notification), a stream left open is ended, and one whose stream broke is failed.
     */
    void complete(Throwable failure) {
        if (done) {
            return;
        }
        if (stream != null) {
            if (failure == null) {
                end();
            } else {
                done = true;
                callback.failed(failure);
            }
            return;
        }
        status(202);
    }
}
