package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.upstream.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@link EdgeDispatch} serves a request, on a real Jetty server and raw sockets: an MCP POST, once its body has
 * arrived, on the selector thread, marked so that nothing on its path blocks; everything else on the pool, with
 * every byte of its body.
 */
class EdgeDispatchTest {
    private Server server;
    private int port;
    /** Whether the handler ran as event-loop work, set when it starts. */
    private final AtomicReference<Boolean> inEventLoop = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = RawHttp.localServer();
        Handler echo = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                inEventLoop.set(Threads.inEventLoop());
                if (Threads.inEventLoop()) {
                    // served on the selector: the body is all here, and the answer is written without waiting
                    byte[] body = ((BufferedRequest) request).body();
                    response.write(true, ByteBuffer.wrap(body), callback);
                } else {
                    String body = Content.Source.asString(request, StandardCharsets.UTF_8); // may wait for it
                    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                }
                return true;
            }
        };
        server.setHandler(new EdgeDispatch(
                echo, server.getThreadPool(), r -> r.getHttpURI().getPath().startsWith("/mcp")));
        server.start();
        port = RawHttp.port(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void mcpPostWhoseBodyArrived_isServedAsEventLoopWork() throws Exception {
        assertEquals("{\"a\":1}", exchange("/mcp", "{\"a\":1}"));
        assertTrue(inEventLoop.get());
        assertFalse(Threads.inEventLoop());
    }

    @Test
    void otherPaths_areServedOnThePool() throws Exception {
        assertEquals("{\"b\":2}", exchange("/api/other", "{\"b\":2}"));
        assertFalse(inEventLoop.get());
    }

    @Test
    void largeBody_isServedOnThePool_whole() throws Exception {
        String large = "\"" + "x".repeat(EdgeDispatch.INLINE_BODY) + "\"";
        assertEquals(large, exchange("/mcp", large));
        assertFalse(inEventLoop.get());
    }

    @Test
    void bodyStillComing_isServedAsEventLoopWork_onceItAllCame() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            String[] parts = {"{\"part\":", "\"two\",", "\"three\":3}"};
            byte[] head = head("/mcp", String.join("", parts).length()).getBytes(StandardCharsets.UTF_8);
            long sent = head.length;
            out.write(head);
            out.flush(); // the head alone first, as the JDK client sends it
            for (String part : parts) {
                RawHttp.awaitRead(server, sent); // the server read what came, and found the body incomplete
                out.write(part.getBytes(StandardCharsets.UTF_8));
                out.flush();
                sent += part.length();
            }
            assertEquals(String.join("", parts), RawHttp.readBody(s.getInputStream()));
        }
        assertTrue(inEventLoop.get());
    }

    @Test
    void bodyNeverFinished_clientGone_nextClientIsServed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((head("/mcp", 100) + "{\"half\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        // the first request's read fails on the pool, where its handler meets the failure; the selector goes on
        assertEquals("{\"next\":1}", exchange("/mcp", "{\"next\":1}"));
    }

    @Test
    void chunkedBody_isServedOnThePool() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "4\r\n{\"c\"\r\n3\r\n:3}\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("{\"c\":3}", RawHttp.readBody(s.getInputStream()));
        }
        assertFalse(inEventLoop.get());
    }

    private String exchange(String path, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write((head(path, b.length)).getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
            return RawHttp.readBody(s.getInputStream());
        }
    }

    private static String head(String path, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\n\r\n";
    }
}
