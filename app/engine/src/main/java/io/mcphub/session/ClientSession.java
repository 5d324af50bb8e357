package io.mcphub.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's MCP session on the hub, whichever transport carries it. It owns its streams, the requests it has in
 * flight (for cancellation), the requests the hub forwarded to it from servers, and its resource subscriptions.
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> {@link #clientCapabilities()}, {@link #clientInfo()}
 * and {@link #logLevel()} are null until the client initialized (or set a level); {@link #stream} returns null for
 * an unknown stream.
 */
@ModeApi
public final class ClientSession {
    public enum Transport {
        STREAMABLE_HTTP,
        LEGACY_SSE
    }

    private final String id;
    private final Transport transport;
    /** Replaced when the group it shows is edited while the hub runs. */
    private volatile EndpointView view;

    private final int bufferSize;
    private final EventStream standalone;
    private final Map<String, EventStream> streams = new ConcurrentHashMap<>();
    private final Map<JsonNode, Cancellable> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ObjectNode>> outgoing = new ConcurrentHashMap<>();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicLong streamIds = new AtomicLong();
    private final AtomicLong outgoingIds = new AtomicLong();
    private final Clock clock;
    private final long createdMillis;
    private volatile long lastSeenMillis;
    private volatile String protocolVersion;
    private volatile ObjectNode clientCapabilities;
    private volatile ObjectNode clientInfo;
    private volatile String logLevel;
    private volatile String correlationKey;
    private volatile boolean closed;

    /** Something in flight on behalf of this session that the client may cancel. */
    public interface Cancellable {
        void cancel(String reason);
    }

    public ClientSession(String id, Transport transport, EndpointView view, int bufferSize, String protocolVersion) {
        this(id, transport, view, bufferSize, protocolVersion, Clock.systemUTC());
    }

    /** @param clock the engine's clock (the scheduler's), by which idleness is measured */
    public ClientSession(
            String id, Transport transport, EndpointView view, int bufferSize, String protocolVersion, Clock clock) {
        this.clock = clock;
        this.lastSeenMillis = clock.millis();
        this.createdMillis = lastSeenMillis;
        this.id = id;
        this.transport = transport;
        this.view = view;
        this.bufferSize = bufferSize;
        this.protocolVersion = protocolVersion;
        this.standalone = new EventStream("0", bufferSize);
    }

    public String id() {
        return id;
    }

    public Transport transport() {
        return transport;
    }

    /** The endpoint view (all servers, a group, one server) the session was opened on. */
    public EndpointView view() {
        return view;
    }

    /** The same endpoint with its new members (its group was edited); the caller tells the client its lists changed. */
    public void view(EndpointView next) {
        this.view = next;
    }

    public void touch() {
        lastSeenMillis = clock.millis();
    }

    /** When the session was opened, by the engine's clock. */
    public Instant created() {
        return Instant.ofEpochMilli(createdMillis);
    }

    /** When the client last did something on the session (a request, or an open stream's keep-alive). */
    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }

    public Duration idle() {
        return Duration.ofMillis(clock.millis() - lastSeenMillis);
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public void initialized(String version, ObjectNode capabilities, ObjectNode info) {
        this.protocolVersion = version;
        this.clientCapabilities = capabilities;
        this.clientInfo = info;
    }

    /** Whether the session stands for one stateless 2026-07-28 request (it is in no registry and ends with it). */
    public boolean modern() {
        return ProtocolVersions.isModern(protocolVersion);
    }

    /**
     * What ties this session's requests to per-session state on servers ({@code perSessionClient}): the session's
     * id, or for a stateless request the key its client sent (see the README's "2026-07-28 clients").
     */
    public String correlationKey() {
        if (!modern()) {
            return id;
        }
        String k = correlationKey;
        return "stateless:" + (k == null ? "anonymous" : k);
    }

    /** The key a stateless client sent to tie its requests together (its state id, its credentials), or null. */
    public String clientKey() {
        return correlationKey;
    }

    /** @param key the stateless client's key, or null when it sent none */
    public void correlate(String key) {
        this.correlationKey = key;
    }

    public ObjectNode clientCapabilities() {
        return clientCapabilities;
    }

    public ObjectNode clientInfo() {
        return clientInfo;
    }

    public String logLevel() {
        return logLevel;
    }

    public void logLevel(String level) {
        this.logLevel = level;
    }

    public Set<String> subscriptions() {
        return subscriptions;
    }

    /** The stream for messages not tied to a request (the GET stream, or the only stream of a legacy SSE session). */
    public EventStream standalone() {
        return standalone;
    }

    public EventStream newStream() {
        EventStream s = new EventStream(Long.toString(streamIds.incrementAndGet()), bufferSize);
        streams.put(s.id(), s);
        return s;
    }

    public EventStream stream(String streamId) {
        return "0".equals(streamId) ? standalone : streams.get(streamId);
    }

    /** Forgets a finished stream once its answer has been written; resumption after that is not possible. */
    public void forget(EventStream s) {
        if (s != standalone) {
            streams.remove(s.id(), s);
        }
    }

    public void track(JsonNode requestId, Cancellable call) {
        inFlight.put(requestId, call);
    }

    public void untrack(JsonNode requestId, Cancellable call) {
        inFlight.remove(requestId, call);
    }

    public void cancel(JsonNode requestId, String reason) {
        Cancellable c = inFlight.remove(requestId);
        if (c != null) {
            c.cancel(reason);
        }
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Sends a request to the client on {@code channel} (the stream of the request that caused it, or the standalone
     * stream) and returns its answer. The id is the hub's own, so it cannot collide with the client's.
     */
    public Ask ask(String method, JsonNode params, EventStream channel) {
        String hubId = "mcphub-" + outgoingIds.incrementAndGet();
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        outgoing.put(hubId, answer);
        ObjectNode request = JsonRpc.request(TextNode.valueOf(hubId), method, params);
        if (closed || !(channel.append(request) || standalone.append(request))) {
            outgoing.remove(hubId);
            answer.complete(JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "client session " + id + " is closed"));
        }
        return new Ask(hubId, answer);
    }

    /** A request the hub sent to the client: the id it used, and the answer to come. */
    public record Ask(String hubId, CompletableFuture<ObjectNode> answer) {}

    /** A response from the client to one of the hub's requests; false when nothing waited for it. */
    public boolean answered(ObjectNode response) {
        JsonNode id = response.get("id");
        CompletableFuture<ObjectNode> f = id == null ? null : outgoing.remove(id.asText());
        if (f == null) {
            return false;
        }
        f.complete(response);
        return true;
    }

    public void expireAsk(String hubId) {
        CompletableFuture<ObjectNode> f = outgoing.remove(hubId);
        if (f != null) {
            f.complete(JsonRpc.error(null, JsonRpc.REQUEST_TIMEOUT, "the client did not answer"));
        }
    }

    public boolean closed() {
        return closed;
    }

    /** Ends the session: cancels what is in flight, ends every stream so their connections return. */
    public void close(String reason) {
        closed = true;
        inFlight.forEach((rid, c) -> c.cancel(reason));
        inFlight.clear();
        outgoing.forEach((k, f) -> f.complete(JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "client session closed")));
        outgoing.clear();
        streams.values().forEach(EventStream::finish);
        standalone.finish();
    }

    /** Drops ended streams nobody has read for {@code maxIdle}: their client did not come back to resume them. */
    public void pruneStreams(Duration maxIdle) {
        streams.values().removeIf(s -> s.finished() && s.idleNanos() > maxIdle.toNanos());
    }
}
