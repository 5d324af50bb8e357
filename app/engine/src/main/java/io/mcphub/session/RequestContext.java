package io.mcphub.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.mode.ModeApi;
import io.mcphub.spi.RoutingRequest;
import java.util.Optional;

/**
 * The one context of a client request on the hot path: its session (and through it the protocol version and the
 * client's capabilities), the request's id, the server it is for, the channel its related messages go to, and the
 * client's HTTP request. Routing reads it as a {@link RoutingRequest}; upstreams hand it back with the notifications
 * and server-to-client requests that belong to the request. Made once per forwarded request; nothing is copied.
 *
 * <p>A context without a request ({@link #of(ClientSession)}) stands for the session alone: messages from a
 * connection that serves that one session, or a request the hub makes on the session's behalf.
 *
 * <p><b>Threading:</b> immutable; safe for any thread. <b>Nullability:</b> {@link #session()} and {@link #http()}
 * are never null; {@link #requestId()}, {@link #server()} and {@link #channel()} are null for a session-only
 * context.
 */
@ModeApi
public final class RequestContext implements RoutingRequest {
    private final ClientSession session;
    private final JsonNode requestId;
    private final String server;
    private final ResponseChannel channel;

    private RequestContext(ClientSession session, JsonNode requestId, String server, ResponseChannel channel) {
        this.session = session;
        this.requestId = requestId;
        this.server = server;
        this.channel = channel;
    }

    /** A client request for {@code server}, answered on {@code channel}. */
    public static RequestContext of(ClientSession session, JsonNode requestId, String server, ResponseChannel channel) {
        return new RequestContext(session, requestId, server, channel);
    }

    /** The session alone: no request, no channel (messages go to the session's own stream), no HTTP request. */
    public static RequestContext of(ClientSession session) {
        return new RequestContext(session, null, null, null);
    }

    /** The same request, for another server (a request the hub makes on a session's behalf, routed on a cluster). */
    public RequestContext forServer(String name) {
        return new RequestContext(session, requestId, name, channel);
    }

    public ClientSession session() {
        return session;
    }

    /** The client's id of the request; null for a session-only context. */
    public JsonNode requestId() {
        return requestId;
    }

    /** Where the request's related messages go; null for a session-only context. */
    public ResponseChannel channel() {
        return channel;
    }

    /** True when this context stands for one client request (it has a channel), not just a session. */
    public boolean isRequest() {
        return channel != null;
    }

    /** The protocol version the session negotiated. */
    public String protocolVersion() {
        return session.protocolVersion();
    }

    /** The capabilities the client declared at initialize; null before it did. */
    public ObjectNode clientCapabilities() {
        return session.clientCapabilities();
    }

    /** The client's HTTP request; {@link HttpView#NONE} for a session-only context. */
    public HttpView http() {
        return channel == null ? HttpView.NONE : channel.http();
    }

    /** Adds a header to the client's answer (ignored where it is too late or there is no HTTP answer). */
    public void addResponseHeader(String name, String value) {
        http().addResponseHeader(name, value);
    }

    @Override
    public Optional<String> sessionId() {
        // a 2026-07-28 request has no session: strategies key on what its client sent to tie requests together
        return session.modern() ? Optional.ofNullable(session.clientKey()) : Optional.of(session.id());
    }

    @Override
    public String server() {
        return server;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(http().header(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(http().cookie(name));
    }

    @Override
    public String toString() {
        return "RequestContext[session=" + session.id() + ", request=" + requestId + ", server=" + server + "]";
    }
}
