package io.mcphub.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.session.RequestContext;
import io.mcphub.testkit.fixture.FixtureProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's client for its nodes, on real sockets: a hand-made HTTP/1.1 peer for the framing and the
 * failures, and the Streamable HTTP fixture for a whole MCP session over it.
 */
class PeerHttpTest {
    private final PeerHttp http = new PeerHttp(Duration.ofSeconds(2), Duration.ofSeconds(30));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        http.closeIdle();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void keptAliveConnection_carriesSequentialAnswers_ofEveryFraming() throws Exception {
        Peer peer = peer((request, out) -> {
            String body = "{\"echo\":" + request.body + "}";
            if (request.body.contains("chunked")) {
                int half = body.length() / 2;
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(half) + "\r\n" + body.substring(0, half) + "\r\n"
                                + Integer.toHexString(body.length() - half) + ";ext=1\r\n" + body.substring(half)
                                + "\r\n0\r\n\r\n");
            } else {
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body);
            }
        });
        assertEquals("{\"echo\":{\"n\":1}}", post(peer.url(), "{\"n\":1}").body);
        assertEquals("{\"echo\":{\"n\":\"chunked\"}}", post(peer.url(), "{\"n\":\"chunked\"}").body);
        assertEquals("{\"echo\":{\"n\":3}}", post(peer.url(), "{\"n\":3}").body);
        assertEquals(1, peer.connections.get(), "one kept-alive connection carried all three");
        assertEquals("application/json", peer.requests.get(0).headers.get("content-type"));
        assertEquals("127.0.0.1:" + peer.port(), peer.requests.get(0).headers.get("host"));
        assertEquals("yes", peer.requests.get(0).headers.get("x-test"));
    }

    @Test
    void chunkedStream_deliversEachChunk_beforeTheNextOneArrives() throws Exception {
        // Jetty sends the CRLF that ends a chunk only with the next chunk: a server request on an SSE answer must
        // reach the hub before the server says anything more (it is waiting for the hub's answer)
        CountDownLatch firstEventRead = new CountDownLatch(1);
        String event = "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sampling/createMessage\"}\n\n";
        Peer peer = peer((request, out) -> {
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(event.length()) + "\r\n" + event);
            try {
                if (!firstEventRead.await(10, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            write(out, "\r\n6\r\ndata: \r\n0\r\n\r\n");
        });
        CompletableFuture<String> all = new CompletableFuture<>();
        http.post(peer.url(), List.of(), new byte[0], new PeerHttp.Handler() {
            @Override
            public void answered(PeerHttp.Response response) {
                try (InputStream in = response.body()) {
                    byte[] first = new byte[event.length()];
                    int n = 0;
                    while (n < first.length) {
                        n += in.read(first, n, first.length - n);
                    }
                    firstEventRead.countDown();
                    all.complete(new String(first, StandardCharsets.UTF_8)
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    all.completeExceptionally(e);
                }
            }

            @Override
            public void failed(IOException error) {
                all.completeExceptionally(error);
            }
        });
        assertEquals(event + "data: ", all.get(10, TimeUnit.SECONDS));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.idleConnections(peer.url()) == 1);
    }

    @Test
    void tryPost_writesOnlyOnAnIdleConnection_andLeavesTheRestToPost() throws Exception {
        Peer peer = peer((request, out) -> {
            String body = "{\"echo\":" + request.body + "}";
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        });
        Collect none = new Collect();
        assertFalse(
                http.tryPost(peer.url(), List.of(), "{\"n\":0}".getBytes(StandardCharsets.UTF_8), none),
                "no connection is idle yet: opening one may wait, so nothing is sent");
        assertEquals(0, peer.connections.get());
        assertFalse(none.result.isDone());

        assertEquals("{\"echo\":{\"n\":1}}", post(peer.url(), "{\"n\":1}").body);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.idleConnections(peer.url()) == 1);
        Collect sent = new Collect();
        assertTrue(http.tryPost(peer.url(), List.of(), "{\"n\":2}".getBytes(StandardCharsets.UTF_8), sent));
        assertEquals("{\"echo\":{\"n\":2}}", sent.result.get(10, TimeUnit.SECONDS).body);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.idleConnections(peer.url()) == 1);
        byte[] large = ("\"" + "x".repeat(PeerHttp.WRITES_AT_ONCE) + "\"").getBytes(StandardCharsets.UTF_8);
        assertFalse(
                http.tryPost(peer.url(), List.of(), large, new Collect()),
                "a request larger than a send buffer could wait for the peer to read");
        assertEquals(2, peer.requests.size(), "the large request was not sent");
        assertEquals(1, peer.connections.get(), "and no connection was opened for it");
    }

    @Test
    void refusedConnection_isReportedAsNeverSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
        IOException e = assertThrows(IOException.class, () -> post(url, "{}"));
        assertInstanceOf(ConnectException.class, e);
        assertTrue(HttpClients.neverReached(e), e.toString());
    }

    @Test
    void connectionBrokenAfterTheRequest_failsTheExchangeAsMayHaveReached() throws Exception {
        Peer peer = peer((request, out) -> {
            throw new IOException("the peer dies with the request read");
        });
        Answer a = post(peer.url(), "{\"x\":1}");
        assertTrue(a.failure != null, "the exchange failed");
        assertFalse(HttpClients.neverReached(a.failure), "the request was written: it may have run");
        assertEquals(1, peer.requests.size(), "the request reached the peer once, and was not sent again");
    }

    @Test
    void idleConnectionClosedByThePeer_leavesThePool_andTheNextRequestOpensAnother() throws Exception {
        Peer peer = peer((request, out) -> {
            String body = "{}";
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + body);
            throw new IOException("the peer closes the connection after each answer, without saying so");
        });
        assertEquals("{}", post(peer.url(), "{}").body);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.idleConnections(peer.url()) == 0);
        assertEquals("{}", post(peer.url(), "{}").body);
        assertEquals(2, peer.connections.get());
    }

    @Test
    void answerWithConnectionClose_isNotReused() throws Exception {
        Peer peer = peer((request, out) -> {
            write(out, "HTTP/1.1 202 Accepted\r\nConnection: close\r\n\r\n");
            throw new IOException("and closes it, as it said");
        });
        assertEquals(202, post(peer.url(), "{}").status);
        assertEquals(202, post(peer.url(), "{}").status);
        assertEquals(2, peer.connections.get());
    }

    @Test
    void headerWithALineBreak_isRefusedBeforeAnythingIsSent() throws Exception {
        Peer peer = peer((request, out) -> write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"));
        List<String[]> headers = List.<String[]>of(new String[] {"X-Test", "a\r\nX-Injected: 1"});
        assertThrows(
                PeerHttp.InvalidHeaderException.class,
                () -> http.post(peer.url(), headers, new byte[0], new Collect()));
        assertEquals(0, peer.requests.size());
    }

    @Test
    void mcpSessionOverThePeerClient_carriesCallsAndTheirProgress() throws Exception {
        try (FixtureProcess remote = FixtureProcess.startHttp("remote")) {
            HttpUpstreamOptions options = new HttpUpstreamOptions(HttpClients.PEER_CLIENT, List.of(), http);
            StreamableHttpTransport transport =
                    new StreamableHttpTransport("remote", URI.create(remote.url()), Map.of(), options);
            List<ObjectNode> notes = new CopyOnWriteArrayList<>();
            UpstreamClient client = new UpstreamClient("remote", transport, new UpstreamClient.Inbound() {
                @Override
                public void notification(ObjectNode notification, RequestContext context) {
                    notes.add(notification);
                }

                @Override
                public CompletableFuture<ObjectNode> request(ObjectNode request, RequestContext context) {
                    return CompletableFuture.completedFuture(Json.object());
                }

                @Override
                public void closed(String reason) {}
            });
            transport.start(client);
            try {
                Handshake.initialize(client, "2025-06-18", Json.object(), Duration.ofSeconds(20));
                CallOptions opts = new CallOptions(Duration.ofSeconds(20), false, null);
                for (int i = 0; i < 3; i++) {
                    JsonNode who =
                            answer(client.request("tools/call", Json.object().put("name", "whoami"), null, opts));
                    assertEquals(
                            "remote",
                            who.path("result")
                                    .path("structuredContent")
                                    .path("name")
                                    .asText());
                }
                ObjectNode params = Json.object().put("name", "progress");
                params.putObject("arguments").put("steps", 3).put("delayMs", 20);
                params.putObject("_meta").put("progressToken", "t");
                JsonNode done = answer(client.request("tools/call", params, null, opts));
                assertEquals(
                        "completed 3 steps",
                        done.path("result").path("content").path(0).path("text").asText());
                assertEquals(
                        3,
                        notes.stream()
                                .filter(n -> "notifications/progress"
                                        .equals(n.path("method").asText()))
                                .count(),
                        notes::toString);
            } finally {
                client.close();
            }
        }
    }

    private static JsonNode answer(PendingCall call) throws Exception {
        CallOutcome outcome = call.outcome().get(20, TimeUnit.SECONDS);
        assertInstanceOf(CallOutcome.Answered.class, outcome, outcome::toString);
        return ((CallOutcome.Answered) outcome).response();
    }

    // ---------------------------------------------------------------- a hand-made HTTP/1.1 peer

    private Answer post(URI url, String body) throws Exception {
        Collect c = new Collect();
        List<String[]> headers =
                List.<String[]>of(new String[] {"Content-Type", "application/json"}, new String[] {"X-Test", "yes"});
        http.post(url, headers, body.getBytes(StandardCharsets.UTF_8), c);
        return c.result.get(10, TimeUnit.SECONDS);
    }

    private record Answer(int status, String body, IOException failure) {}

    private static final class Collect implements PeerHttp.Handler {
        final CompletableFuture<Answer> result = new CompletableFuture<>();

        @Override
        public void answered(PeerHttp.Response response) {
            try (InputStream in = response.body()) {
                result.complete(
                        new Answer(response.status(), new String(in.readAllBytes(), StandardCharsets.UTF_8), null));
            } catch (IOException e) {
                result.complete(new Answer(response.status(), null, e));
            }
        }

        @Override
        public void failed(IOException error) {
            result.complete(new Answer(0, null, error));
        }
    }

    private record Request(Map<String, String> headers, String body) {}

    interface Responder {
        void answer(Request request, OutputStream out) throws IOException;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Peer peer(Responder responder) throws IOException {
        Peer p = new Peer(responder);
        open.add(p);
        return p;
    }

    private static final class Peer implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Responder responder;

        Peer(Responder responder) throws IOException {
            this.server = new ServerSocket(0);
            this.responder = responder;
            Thread t = new Thread(this::accept, "peer-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port() + "/mcp/x");
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "peer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
                while (true) {
                    String requestLine = lines.readLine();
                    if (requestLine == null) {
                        return;
                    }
                    Map<String, String> headers = new HashMap<>();
                    String line;
                    while (!(line = lines.readLine()).isEmpty()) {
                        int colon = line.indexOf(':');
                        headers.put(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                    }
                    char[] body = new char[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
                    int read = 0;
                    while (read < body.length) {
                        read += lines.read(body, read, body.length - read);
                    }
                    Request r = new Request(headers, new String(body));
                    requests.add(r);
                    responder.answer(r, s.getOutputStream());
                }
            } catch (IOException | RuntimeException e) {
                // the connection ends
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
