package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP's Streamable HTTP transport, client side, on the JDK's HttpClient. Each message is a POST; a request's answer
 * comes back as JSON or as an SSE stream that may also carry the request's notifications and server requests.
 * A stream that ends before its answer is resumed with {@code Last-Event-ID}, as SEP-1699 asks of clients.
 */
public final class StreamableHttpTransport implements UpstreamTransport {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);
    private static final int MAX_RESUMES = 10;

    private final String serverName;
    private final URI url;
    private final Map<String, String> headers;
    private final HttpUpstreamOptions options;
    /** The client of this link's POSTs when it is a plain-http link to a cluster peer; else null (the JDK client). */
    private final PeerHttp peer;

    private volatile Listener listener;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile boolean closed;
    private volatile boolean modern;
    private volatile InputStream standaloneStream;
    /**
     * Event ids already delivered on this connection. Some servers replay more than the stream a Last-Event-ID
     * names (events of other streams, or the same events on every reconnect); a progress notification delivered
     * twice would reach the client twice.
     */
    private final SeenEvents seen = new SeenEvents(4096);

    public StreamableHttpTransport(String serverName, URI url, Map<String, String> headers) {
        this(serverName, url, headers, HttpUpstreamOptions.DEFAULT);
    }

    public StreamableHttpTransport(
            String serverName, URI url, Map<String, String> headers, HttpUpstreamOptions options) {
        this.serverName = serverName;
        this.url = url;
        this.headers = headers;
        this.options = options;
        this.peer = options.peer() != null && PeerHttp.supports(url) ? options.peer() : null;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void modern(boolean on) {
        this.modern = on;
        if (on) {
            sessionId = null;
            protocolVersion = null;
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        headers.forEach(b::header);
        String sid = modern ? null : sessionId;
        if (sid != null) {
            b.header("Mcp-Session-Id", sid);
        }
        String version = protocolVersion;
        if (version != null) {
            b.header("MCP-Protocol-Version", version);
        }
        return b;
    }

    @Override
    public CompletableFuture<Void> send(ObjectNode message) {
        return send(message, null);
    }

    @Override
    public CompletableFuture<Void> send(ObjectNode message, RequestContext context) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("transport to " + serverName + " is closed", false, null));
        }
        JsonNode requestId = JsonRpc.kind(message) == JsonRpc.Kind.REQUEST ? message.get("id") : null;
        if (peer != null && requestId != null) {
            // requests only: they come from a client's request (on the selector thread, which writes only on an open
            // connection) or a handshake, which may connect and write; notifications and answers may come from the
            // timer or a reader thread, which must not block, and go the JDK client's way as before
            return sendToPeer(message, context, requestId);
        }
        HttpRequest.Builder builder = request();
        options.passThrough(builder, context);
        if (modern) {
            modernHeaders(builder::header, message);
            if (context != null) {
                // a tool's x-mcp-header arguments, mirrored by the client: passed on as they came (the spec says
                // an intermediary forwards them, the unknown ones too)
                context.http().headersStartingWith("Mcp-Param-").forEach(builder::header);
            }
        }
        HttpRequest post = builder.header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(message)))
                .build();
        boolean sentSession = sessionId != null;
        return HttpClients.exchange(options.client(), post, HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, error) -> {
                    if (error != null) {
                        boolean never = HttpClients.neverReached(error);
                        throw new CompletionException(
                                new DeliveryException(HttpFailure.describe(url, error), !never, never, error));
                    }
                    accept(
                            response.statusCode(),
                            name -> response.headers().firstValue(name).orElse(""),
                            response.body(),
                            requestId,
                            sentSession);
                    return null;
                });
    }

    /**
     * The same POST on {@link PeerHttp}: written on this thread, its answer handled on the connection's reader
     * thread, with the same outcomes as on the JDK client (a connection that could not be made never reached the
     * peer; one that broke after the request was written may have).
     */
    private CompletableFuture<Void> sendToPeer(ObjectNode message, RequestContext context, JsonNode requestId) {
        List<String[]> head = new ArrayList<>(8);
        headers.forEach((name, value) -> head.add(new String[] {name, value}));
        String sid = modern ? null : sessionId;
        if (sid != null) {
            head.add(new String[] {"Mcp-Session-Id", sid});
        }
        String version = protocolVersion;
        if (version != null && !modern) {
            head.add(new String[] {"MCP-Protocol-Version", version});
        }
        options.passThrough(context, (name, value) -> {
            if (!PeerHttp.managed(name)) {
                head.add(new String[] {name, value});
            }
        });
        if (modern) {
            modernHeaders((name, value) -> head.add(new String[] {name, value}), message);
            if (context != null) {
                context.http()
                        .headersStartingWith("Mcp-Param-")
                        .forEach((name, value) -> head.add(new String[] {name, value}));
            }
        }
        head.add(new String[] {"Content-Type", "application/json"});
        head.add(new String[] {"Accept", "application/json, text/event-stream"});
        boolean sentSession = sid != null;
        CompletableFuture<Void> result = new CompletableFuture<>();
        PeerHttp.Handler handler = new PeerHttp.Handler() {
            @Override
            public void answered(PeerHttp.Response response) {
                try {
                    accept(response.status(), response::header, response.body(), requestId, sentSession);
                    result.complete(null);
                } catch (CompletionException e) {
                    result.completeExceptionally(e.getCause() == null ? e : e.getCause());
                } catch (RuntimeException e) {
                    drain(response.body());
                    result.completeExceptionally(
                            new DeliveryException("handling the answer from " + url + " failed", true, e));
                }
            }

            @Override
            public void failed(IOException error) {
                result.completeExceptionally(
                        new DeliveryException(HttpFailure.describe(url, error), true, false, error));
            }
        };
        byte[] body = Json.bytes(message);
        if (Threads.inEventLoop()) {
            // the selector thread writes only on a connection already open; opening one waits for the peer
            try {
                if (peer.tryPost(url, head, body, handler)) {
                    return result;
                }
            } catch (IOException e) {
                notSent(result, e);
                return result;
            }
            Threads.blocking().execute(() -> postToPeer(head, body, handler, result));
            return result;
        }
        postToPeer(head, body, handler, result);
        return result;
    }

    private void postToPeer(
            List<String[]> head, byte[] body, PeerHttp.Handler handler, CompletableFuture<Void> result) {
        try {
            peer.post(url, head, body, handler);
        } catch (IOException e) {
            notSent(result, e);
        }
    }

    /** The POST failed before its answer: it may have reached the peer, or certainly not (a connection refused). */
    private void notSent(CompletableFuture<Void> result, IOException e) {
        if (e instanceof PeerHttp.InvalidHeaderException) {
            result.completeExceptionally(new DeliveryException(e.getMessage() + " for " + url, false, e));
            return;
        }
        boolean never = HttpClients.neverReached(e);
        result.completeExceptionally(new DeliveryException(HttpFailure.describe(url, e), !never, never, e));
    }

    /** 2026-07-28: the headers that mirror the body (version, method, name), which the server checks against it. */
    private static void modernHeaders(BiConsumer<String, String> header, ObjectNode message) {
        String method = JsonRpc.method(message);
        if (method == null) {
            return;
        }
        JsonNode params = message.path("params");
        String version = params.path("_meta").path(ModernWire.PROTOCOL_VERSION).asText(ModernWire.VERSION);
        header.accept("MCP-Protocol-Version", version);
        header.accept("Mcp-Method", method);
        String nameKey = ModernWire.nameKey(method);
        if (nameKey != null && params.path(nameKey).isTextual()) {
            header.accept(
                    "Mcp-Name", ModernWire.headerValue(params.path(nameKey).asText()));
        }
    }

    /**
     * An answer to a POST, from either client.
     *
     * @param header a header's first value by lower-case name, "" when absent
     */
    private void accept(
            int status,
            Function<String, String> header,
            InputStream responseBody,
            JsonNode requestId,
            boolean sentSession) {
        if (!modern) {
            String sid = header.apply("mcp-session-id");
            if (!sid.isEmpty()) {
                sessionId = sid;
            }
        }
        String type = header.apply("content-type");
        if (status == 404 && sentSession) {
            drain(responseBody);
            listener.onClosed("session expired on " + url + " (HTTP 404)");
            throw new CompletionException(new DeliveryException("session expired on " + url, false, null));
        }
        if (status == 202 || (status >= 200 && status < 300 && requestId == null)) {
            drain(responseBody);
            return;
        }
        if (type.startsWith("text/event-stream") && status < 300) {
            Threads.blocking().execute(() -> readPostStream(responseBody, requestId));
            return;
        }
        byte[] body;
        try (InputStream in = responseBody) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new CompletionException(new DeliveryException("reading the answer from " + url + " failed", true, e));
        }
        JsonNode parsed = null;
        try {
            parsed = body.length == 0 ? null : Json.parse(body);
        } catch (IOException e) {
            // reported below with the status
        }
        if (parsed != null && (parsed.isObject() || parsed.isArray())) {
            if (status >= 400
                    && requestId != null
                    && parsed instanceof ObjectNode error
                    && isErrorForAnother(error, requestId)) {
                // an HTTP error's JSON-RPC error answers the one request its POST carried, whatever id it names
                // (null, or a placeholder such as "server-error"): its code and data (-32022 with the versions the
                // server speaks) are what the caller needs, and waiting for another answer would wait for nothing
                error.set("id", requestId);
            }
            deliver(parsed, requestId);
            if (status < 300 || requestId == null) {
                return;
            }
            if (parsed.isObject() && JsonRpc.kind(parsed) == JsonRpc.Kind.RESPONSE) {
                return;
            }
        }
        String snippet = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        throw new CompletionException(new DeliveryException(
                "HTTP " + status + " from " + url + (snippet.isBlank() ? "" : ": " + snippet),
                true,
                status >= 500,
                null));
    }

    private void deliver(JsonNode parsed, JsonNode requestId) {
        if (parsed instanceof ObjectNode o) {
            listener.onMessage(o, requestId);
        } else if (parsed.isArray()) {
            parsed.forEach(m -> {
                if (m instanceof ObjectNode o) {
                    listener.onMessage(o, requestId);
                }
            });
        }
    }

    private void readPostStream(InputStream body, JsonNode requestId) {
        String lastEventId = null;
        long retryMs = 1000;
        InputStream stream = body;
        for (int attempt = 0; ; attempt++) {
            boolean answered = false;
            try (InputStream in = stream) {
                SseReader reader = new SseReader(in);
                SseEvent e;
                while ((e = reader.next()) != null) {
                    if (e.id() != null) {
                        lastEventId = e.id();
                    }
                    if (e.retry() != null) {
                        retryMs = e.retry();
                    }
                    if (!"message".equals(e.event()) || e.data().isEmpty() || !seen.firstTime(e.id())) {
                        continue;
                    }
                    JsonNode message = Json.parse(e.data());
                    // decided before delivery: the router rewrites the answer's id to the client's in place
                    if (requestId != null
                            && message.isObject()
                            && JsonRpc.kind(message) == JsonRpc.Kind.RESPONSE
                            && sameId(requestId, message.get("id"))) {
                        answered = true;
                    }
                    deliver(message, requestId);
                }
            } catch (IOException e) {
                log.debug("stream from {} broke: {}", serverName, e.toString());
            }
            if (answered || requestId == null || closed) {
                return;
            }
            if (lastEventId == null || attempt >= MAX_RESUMES) {
                log.warn("stream for request {} to {} ended without an answer", requestId, serverName);
                listener.onRequestLost(requestId, "its answer stream from " + url + " ended without the answer");
                return;
            }
            stream = resume(lastEventId, retryMs);
            if (stream == null) {
                listener.onRequestLost(requestId, "its answer stream from " + url + " ended and was not resumed");
                return;
            }
        }
    }

    private static boolean isErrorForAnother(ObjectNode message, JsonNode requestId) {
        return message.has("error") && !message.has("method") && !sameId(requestId, message.get("id"));
    }

    /** JSON-RPC ids compare by value: our 7 is a LongNode, the server's echo of it parses as an IntNode. */
    private static boolean sameId(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.asLong() == b.asLong();
        }
        return a.equals(b);
    }

    /** Reopens a dropped stream with a GET carrying Last-Event-ID; null when the server will not resume it. */
    private InputStream resume(String lastEventId, long retryMs) {
        try {
            Thread.sleep(Math.min(retryMs, 10_000)); // the server's own reconnection delay, not a wait for a state
            HttpRequest get = request()
                    .header("Accept", "text/event-stream")
                    .header("Last-Event-ID", lastEventId)
                    .timeout(Duration.ofDays(1))
                    .GET()
                    .build();
            HttpResponse<InputStream> r = options.client().send(get, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 200) {
                return r.body();
            }
            drain(r.body());
            log.warn("{} refused to resume stream {} (HTTP {})", serverName, lastEventId, r.statusCode());
        } catch (IOException e) {
            log.warn("resuming stream {} of {} failed: {}", lastEventId, serverName, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Override
    public void initialized(String version) {
        this.modern = false;
        this.protocolVersion = version;
        Threads.blocking().execute(this::readStandaloneStream);
    }

    /** The GET stream for messages not tied to a request (list_changed, resource updates). Optional for servers. */
    private void readStandaloneStream() {
        String lastEventId = null;
        long retryMs = 1000;
        int emptyEnds = 0;
        while (!closed) {
            boolean anyEvent = false;
            try {
                HttpRequest.Builder b =
                        request().header("Accept", "text/event-stream").GET();
                if (lastEventId != null) {
                    b.header("Last-Event-ID", lastEventId);
                }
                HttpResponse<InputStream> r =
                        options.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    drain(r.body());
                    return; // 405: this server has no standalone stream
                }
                try (InputStream in = r.body()) {
                    standaloneStream = in;
                    SseReader reader = new SseReader(in);
                    SseEvent e;
                    while ((e = reader.next()) != null) {
                        if (e.retry() != null) {
                            retryMs = e.retry();
                        }
                        // only this stream's own new events move the resume point: a server that replays other
                        // streams' events here would otherwise make us resume those streams instead
                        if (log.isTraceEnabled()) {
                            log.trace("{} standalone event id={} data={}", serverName, e.id(), e.data());
                        }
                        if (!seen.firstTime(e.id())) {
                            continue;
                        }
                        if (e.id() != null) {
                            lastEventId = e.id();
                        }
                        if ("message".equals(e.event()) && !e.data().isEmpty()) {
                            anyEvent = true;
                            deliver(Json.parse(e.data()), null);
                        }
                    }
                }
            } catch (IOException e) {
                log.debug("standalone stream of {} broke: {}", serverName, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // a server that closes the stream to be polled (SEP-1699) says when to come back; one that closes it
            // with nothing new to say (a priming event, replays) is backed off from, up to 30 s between tries
            emptyEnds = anyEvent ? 0 : Math.min(emptyEnds + 1, 5);
            long delay = anyEvent ? Math.max(retryMs, 250) : Math.min(30_000, 1000L << emptyEnds);
            if (closed) {
                return;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.readAllBytes();
        } catch (IOException ignored) {
            // nothing to read
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = standaloneStream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        String sid = modern ? null : sessionId;
        if (sid != null) {
            HttpRequest delete =
                    request().timeout(Duration.ofSeconds(2)).DELETE().build();
            options.client().sendAsync(delete, HttpResponse.BodyHandlers.discarding());
        }
    }

    @Override
    public String describe() {
        return url.toString();
    }
}
