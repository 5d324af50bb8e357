package io.mcphub.http;

import io.mcphub.session.EventStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;

/** Writes server-sent events straight to the response, flushing after each batch. */
final class SseOutput {
    private final OutputStream out;

    private SseOutput(OutputStream out) {
        this.out = out;
    }

    static SseOutput open(HttpServletResponse res, String sessionId) throws IOException {
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        headers(sessionId, res::setHeader);
        SseOutput o = new SseOutput(res.getOutputStream());
        res.flushBuffer();
        return o;
    }

    /** The same on the MCP endpoints' own POST path. */
    static SseOutput open(EdgeExchange post, String sessionId) throws IOException {
        OutputStream out = post.stream(200, set -> {
            set.accept("Content-Type", "text/event-stream;charset=utf-8");
            headers(sessionId, set);
        });
        out.flush();
        return new SseOutput(out);
    }

    private static void headers(String sessionId, BiConsumer<String, String> set) {
        set.accept("Cache-Control", "no-cache, no-transform");
        set.accept("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
        if (sessionId != null) {
            set.accept("Mcp-Session-Id", sessionId);
        }
    }

    void event(EventStream.Event e, boolean withId) throws IOException {
        StringBuilder sb = new StringBuilder(e.data().length() + 48);
        if (withId) {
            sb.append("id: ").append(e.id()).append('\n');
        }
        sb.append("event: message\ndata: ").append(e.data()).append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** SEP-1699's priming event: an id and empty data, so the client can resume even before the first message. */
    void priming(String eventId, Duration retry) throws IOException {
        out.write(
                ("id: " + eventId + "\nretry: " + retry.toMillis() + "\ndata: \n\n").getBytes(StandardCharsets.UTF_8));
    }

    void named(String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** How long the client waits before it reconnects, for the events after it. */
    void retry(Duration retry) throws IOException {
        out.write(("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    void keepAlive() throws IOException {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }
}
