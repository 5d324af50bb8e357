package io.mcphub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@link ClientEndPoint} skips the reads it expects to find nothing, and has the selector watch for a next request
 * before the answer is written; on a real Jetty server and raw sockets, no request may wait for a read it skipped or
 * a watch that was not in place: kept-alive, pipelined, split and late requests are all served, whether the answer was
 * written by the handler's thread or later by another (as a forwarded answer is), and whether the request was served
 * on the selector thread or on the pool. Each socket read times
 * out after 10 s, so a skipped read that lost a request fails the test instead of hanging it.
 */
class ClientEndPointTest {
    private Server server;
    private int port;
    private final ExecutorService answerers = Executors.newFixedThreadPool(2);
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch headRead = new CountDownLatch(1);
    private final CountDownLatch bodySent = new CountDownLatch(1);
    private static final byte[] REFUSED = "refused".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = RawHttp.localServer();
        Handler echo = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (request.getHttpURI().getPath().endsWith("/refuse")) {
                    // answers before reading the body, as an auth check does; the body is in the socket by then
                    headRead.countDown();
                    bodySent.await(10, TimeUnit.SECONDS);
                    response.write(true, ByteBuffer.wrap(REFUSED), callback);
                    return true;
                }
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                served.incrementAndGet();
                ByteBuffer echo = ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
                if (request.getHttpURI().getPath().endsWith("/later")) {
                    // answered by another thread after the handler returned, as the hub answers forwarded calls
                    answerers.execute(() -> response.write(true, echo, callback));
                } else {
                    response.write(true, echo, callback);
                }
                return true;
            }
        };
        // as the hub serves: on the selector thread (which then watches for the next request), or on the pool
        server.setHandler(new EdgeDispatch(
                echo, server.getThreadPool(), r -> !r.getHttpURI().getPath().startsWith("/pool")));
        server.start();
        port = RawHttp.port(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        answerers.shutdownNow();
        answerers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void keptAliveConnection_servesEveryNextRequest_answeredOnTheHandlersThread() throws Exception {
        oneAfterAnother("/now");
        oneAfterAnother("/pool/now");
    }

    @Test
    void keptAliveConnection_servesEveryNextRequest_answeredLaterByAnotherThread() throws Exception {
        oneAfterAnother("/later");
        oneAfterAnother("/pool/later");
    }

    @Test
    void pipelinedRequests_areAllServed() throws Exception {
        for (String path : new String[] {"/now", "/later", "/pool/now", "/pool/later"}) {
            try (Socket s = socket()) {
                StringBuilder three = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    three.append(request(path, "{\"n\":" + i + "}"));
                }
                write(s, three.toString());
                for (int i = 0; i < 3; i++) {
                    assertEquals("{\"n\":" + i + "}", RawHttp.readBody(s.getInputStream()), path);
                }
            }
        }
    }

    @Test
    void requestSentInPieces_afterAnAnswer_isServed() throws Exception {
        try (Socket s = socket()) {
            write(s, request("/later", "{\"first\":1}"));
            assertEquals("{\"first\":1}", RawHttp.readBody(s.getInputStream()));
            String next = request("/later", "{\"second\":2}");
            int cut = next.indexOf("\r\n\r\n") + 4;
            write(s, next.substring(0, cut)); // the head alone: the server reads it and finds no body yet
            awaitServedOrPending();
            write(s, next.substring(cut));
            assertEquals("{\"second\":2}", RawHttp.readBody(s.getInputStream()));
        }
    }

    @Test
    void answerWrittenBeforeTheBodyWasRead_keepsTheConnectionForTheNextRequest() throws Exception {
        try (Socket s = socket()) {
            // on the pool: a request served on the selector is handled only once its body came
            String refused = request("/pool/refuse", "{\"unread\":true}");
            int cut = refused.indexOf("\r\n\r\n") + 4;
            write(s, refused.substring(0, cut)); // the handler runs on the head and waits for the body to be sent
            assertTrue(headRead.await(10, TimeUnit.SECONDS));
            write(s, refused.substring(cut));
            bodySent.countDown();
            assertEquals("refused", RawHttp.readBody(s.getInputStream()));
            // Jetty reads the unread body after the answer; finding it, it keeps the connection
            write(s, request("/now", "{\"next\":1}"));
            assertEquals("{\"next\":1}", RawHttp.readBody(s.getInputStream()));
        }
    }

    private void oneAfterAnother(String path) throws IOException {
        served.set(0);
        try (Socket s = socket()) {
            for (int i = 0; i < 200; i++) {
                write(s, request(path, "{\"i\":" + i + "}"));
                assertEquals("{\"i\":" + i + "}", RawHttp.readBody(s.getInputStream()));
            }
        }
        assertEquals(200, served.get());
    }

    /** The bytes sent so far have reached the server (a round trip of the kernel's buffers, not a timed wait). */
    private void awaitServedOrPending() throws IOException {
        try (Socket probe = socket()) {
            write(probe, request("/now", "{}"));
            assertEquals("{}", RawHttp.readBody(probe.getInputStream()));
        }
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String request(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }
}
