package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.session.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05), client side: one GET stream carries every message from the
 * server, and the first event names the URL to POST messages to.
 */
public final class SseTransport implements UpstreamTransport {
    private static final Duration ENDPOINT_WAIT = Duration.ofSeconds(30);

    private final String serverName;
    private final URI url;
    private final Map<String, String> headers;
    private final HttpUpstreamOptions options;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private volatile InputStream stream;
    private volatile boolean closed;

    public SseTransport(String serverName, URI url, Map<String, String> headers) {
        this(serverName, url, headers, HttpUpstreamOptions.DEFAULT);
    }

    public SseTransport(String serverName, URI url, Map<String, String> headers, HttpUpstreamOptions options) {
        this.serverName = serverName;
        this.url = url;
        this.headers = headers;
        this.options = options;
    }

    @Override
    public void start(Listener listener) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(b::header);
        HttpResponse<InputStream> response;
        try {
            response = options.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        } catch (IOException e) {
            throw new IOException(HttpFailure.describe(url, e), e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
        }
        stream = response.body();
        Threads.blocking().execute(() -> read(response.body(), listener));
        try {
            endpoint.get(ENDPOINT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the endpoint event of " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException("no endpoint event from " + url + " within " + ENDPOINT_WAIT.toSeconds() + " s", e);
        }
    }

    private void read(InputStream body, Listener listener) {
        String reason = "SSE stream from " + url + " ended";
        try (InputStream in = body) {
            SseReader reader = new SseReader(in);
            SseEvent e;
            while ((e = reader.next()) != null) {
                if ("endpoint".equals(e.event())) {
                    endpoint.complete(url.resolve(e.data().trim()));
                } else if ("message".equals(e.event()) && !e.data().isEmpty()) {
                    JsonNode message = Json.parse(e.data());
                    if (message instanceof ObjectNode o) {
                        listener.onMessage(o, null);
                    }
                }
            }
        } catch (IOException e) {
            reason = "SSE stream from " + url + " broke: " + e.getMessage();
        }
        endpoint.completeExceptionally(new IOException(reason));
        if (!closed) {
            listener.onClosed(reason);
        }
    }

    @Override
    public CompletableFuture<Void> send(ObjectNode message) {
        return send(message, null);
    }

    @Override
    public CompletableFuture<Void> send(ObjectNode message, RequestContext context) {
        URI target = endpoint.getNow(null);
        if (target == null || closed) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("SSE connection to " + serverName + " is not open", false, null));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(message)));
        headers.forEach(b::header);
        options.passThrough(b, context);
        return HttpClients.exchange(options.client(), b.build(), HttpResponse.BodyHandlers.ofString())
                .handle((r, error) -> {
                    if (error != null) {
                        throw new CompletionException(new DeliveryException(
                                HttpFailure.describe(target, error), !HttpClients.neverReached(error), error));
                    }
                    if (r.statusCode() >= 300) {
                        throw new CompletionException(new DeliveryException(
                                "POST " + target + " answered HTTP " + r.statusCode() + ": " + r.body(), true, null));
                    }
                    return null;
                });
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    @Override
    public String describe() {
        return url.toString();
    }
}
