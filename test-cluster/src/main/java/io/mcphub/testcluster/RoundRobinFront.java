package io.mcphub.testcluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A plain round-robin load balancer for tests, in front of several coordinators: no stickiness at all, each request
 * goes to the next coordinator in turn, as an nginx {@code upstream} or a Kubernetes Service would send it. A
 * coordinator that refuses the connection is skipped for that request (nginx's {@code proxy_next_upstream error}):
 * the request never reached it. Bodies are streamed both ways, so SSE answers and GET streams pass as they come.
 *
 * <p><b>Threading:</b> one thread per exchange; safe for any thread.
 */
public final class RoundRobinFront implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "keep-alive", "transfer-encoding", "te");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "front");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Supplier<List<URI>> backends;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    /** @param backends the coordinators' base URLs, asked on every request (so restarts and stops are seen) */
    public RoundRobinFront(Supplier<List<URI>> backends) {
        this(backends, 0);
    }

    /** @param port where the front listens on 127.0.0.1 (0: a free port) */
    public RoundRobinFront(Supplier<List<URI>> backends, int port) {
        this.backends = backends;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests were passed to a coordinator. */
    public long forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            List<URI> all = backends.get();
            if (all.isEmpty()) {
                reply(ex, 502, "no coordinator");
                return;
            }
            long first = next.getAndIncrement();
            for (int i = 0; i < all.size(); i++) {
                URI base = all.get((int) Math.floorMod(first + i, (long) all.size()));
                HttpResponse<InputStream> response;
                try {
                    response = http.send(request(ex, base, body), HttpResponse.BodyHandlers.ofInputStream());
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    continue; // never reached that coordinator: the next one takes the request
                } catch (IOException e) {
                    // reached it, and it went away: as nginx, the client sees a bad gateway
                    reply(ex, 502, "coordinator " + base + " failed: " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                forwarded.incrementAndGet();
                relay(ex, response);
                return;
            }
            reply(ex, 502, "no coordinator accepted the connection");
        }
    }

    private static HttpRequest request(HttpExchange ex, URI base, byte[] body) {
        URI target = URI.create(base.toString().replaceAll("/+$", "") + ex.getRequestURI());
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .method(
                        ex.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        return b.build();
    }

    /** Status, headers, then the body as it comes (an SSE stream is flushed event by event). */
    private static void relay(HttpExchange ex, HttpResponse<InputStream> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                ex.getResponseHeaders().put(name, values);
            }
        });
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            boolean empty = status == 204 || status == 304 || "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, empty ? -1 : 0);
            if (empty) {
                return;
            }
            OutputStream out = ex.getResponseBody();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            out.close();
        }
    }

    private static void reply(HttpExchange ex, int status, String message) throws IOException {
        byte[] b = ("{\"success\": false, \"message\": \"" + message.replace("\"", "'") + "\"}").getBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
