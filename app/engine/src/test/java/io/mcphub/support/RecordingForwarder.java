package io.mcphub.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP hop in front of a real upstream that records every request it carries: an HTTP forward proxy (the
 * request names an absolute URL) or a reverse proxy to {@code target} (the request names a path). Responses are
 * streamed back as they come, so SSE streams pass through.
 */
public final class RecordingForwarder implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "upgrade",
            "expect",
            "keep-alive",
            "te",
            "trailer",
            "proxy-authorization",
            "proxy-connection");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One request as it arrived. */
    public record Seen(String method, URI uri, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final URI target;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private RecordingForwarder(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** A forward proxy: clients configured with it send absolute URLs. */
    public static RecordingForwarder proxy() throws IOException {
        return new RecordingForwarder(null);
    }

    /** A reverse proxy to {@code target} (scheme, host and port; the request's path is kept). */
    public static RecordingForwarder to(URI target) throws IOException {
        return new RecordingForwarder(target);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            URI asked = ex.getRequestURI();
            URI to = asked.isAbsolute()
                    ? asked
                    : URI.create(target.getScheme() + "://" + target.getAuthority() + asked.toString());
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(new Seen(
                    ex.getRequestMethod(),
                    asked,
                    Map.copyOf(ex.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            HttpRequest.Builder b = HttpRequest.newBuilder(to)
                    .method(
                            ex.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<InputStream> r;
            try {
                r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                ex.sendResponseHeaders(502, -1);
                return;
            }
            r.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            boolean empty = r.statusCode() == 202 || r.statusCode() == 204 || "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(r.statusCode(), empty ? -1 : 0);
            try (InputStream in = r.body();
                    OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[8192];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
