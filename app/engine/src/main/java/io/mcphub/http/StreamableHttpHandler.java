package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.catalog.EndpointView;
import io.mcphub.config.HttpConfig;
import io.mcphub.hub.Hub;
import io.mcphub.hub.PostExchange;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.Envelope;
import io.mcphub.modern.ModernRefusal;
import io.mcphub.session.ClientSession;
import io.mcphub.session.EventStream;
import io.mcphub.session.ProtocolVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP's Streamable HTTP transport on {@code /mcp} and {@code /mcp/{name}}: POST carries client messages and answers
 * them as JSON when the answer comes quickly and alone, else as an SSE stream; GET opens the session's standalone
 * stream or resumes a dropped one with Last-Event-ID; DELETE ends the session. A request it refuses is an
 * {@link HttpProblem}, answered by {@link HubServer}.
 */
final class StreamableHttpHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpHandler.class);
    /** How long a POST waits for a lone answer before it switches to SSE and keep-alives. */
    private static final Duration JSON_WINDOW = Duration.ofSeconds(10);

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Hub hub;
    private final HttpConfig http;

    private final ModernPost modern;

    StreamableHttpHandler(Hub hub) {
        this.hub = hub;
        this.http = hub.settings().http();
        this.modern = new ModernPost(hub, this);
    }

    private EndpointView view(Context ctx) {
        String name = ctx.pathParamMap().get("name");
        EndpointView view = hub.resolveView(name);
        if (view == null) {
            if (name == null) {
                throw new HttpProblem(
                        403,
                        JsonRpc.TRANSPORT_ERROR,
                        "The global route /mcp is disabled"
                                + " (systemConfig.routing.enableGlobalRoute); use /mcp/{group} or /mcp/{server}");
            }
            throw new HttpProblem(404, JsonRpc.TRANSPORT_ERROR, "No group or server named '" + name + "'");
        }
        return view;
    }

    /** The session named by Mcp-Session-Id on this endpoint. */
    private ClientSession session(Context ctx, EndpointView view) {
        String id = ctx.header("Mcp-Session-Id");
        if (id == null || id.isBlank()) {
            throw new HttpProblem(
                    400,
                    JsonRpc.TRANSPORT_ERROR,
                    "Bad Request: Mcp-Session-Id header is required (send initialize first)");
        }
        ClientSession s = hub.session(id);
        if (s == null || !s.view().key().equals(view.key())) {
            throw new HttpProblem(
                    404,
                    JsonRpc.SESSION_NOT_FOUND,
                    "Session not found: it expired or was never created"
                            + " on this endpoint; start a new one with initialize");
        }
        return s;
    }

    private static void checkVersion(Context ctx) {
        String v = ctx.header("MCP-Protocol-Version");
        if (v != null && !ProtocolVersions.isSupported(v)) {
            throw new HttpProblem(
                    400,
                    JsonRpc.TRANSPORT_ERROR,
                    "Bad Request: unsupported MCP-Protocol-Version '" + v + "' (expected: one of "
                            + ProtocolVersions.ALL + ")");
        }
    }

    void post(Context ctx) throws IOException {
        EndpointView view = view(ctx);
        String accept = ctx.header("Accept");
        boolean sseOk = accept == null || accept.contains("text/event-stream") || accept.contains("*/*");
        if (accept != null
                && !(accept.contains("application/json")
                        || accept.contains("*/*")
                        || accept.contains("application/*"))) {
            throw new HttpProblem(
                    406,
                    JsonRpc.TRANSPORT_ERROR,
                    "Not Acceptable: the client must accept application/json and text/event-stream");
        }
        IncomingMessages in = IncomingMessages.parse(
                BodyReader.require(ctx, http.maxBodyBytes(), " (systemConfig.http.maxBodyBytes)"));
        if (in.failed()) {
            throw new HttpProblem(400, in.error());
        }
        ObjectNode init = in.initialize();
        String sid = ctx.header("Mcp-Session-Id");
        // an initialize with the 2026 envelope is a modern client calling a method its revision removed (404)
        boolean legacyInit = init != null && !Envelope.isModern(init, null);
        if (!legacyInit && (sid == null || sid.isBlank()) && in.isModern(ctx.header("MCP-Protocol-Version"))) {
            modern.post(ctx, view, in, sseOk);
            return;
        }
        if (init != null) {
            initialize(ctx, view, in, init);
            return;
        }
        ClientSession session = session(ctx, view);
        checkVersion(ctx);
        List<JsonNode> ids = in.requestIds();
        if (ids.isEmpty()) {
            dispatch(session, in, null);
            ctx.status(202);
            return;
        }
        ServletHttpView request = new ServletHttpView(ctx.req());
        PostExchange exchange = new PostExchange(session.newStream(), ids, request);
        try {
            dispatch(session, in, exchange);
            answer(ctx, session, exchange, request, in.batch(), sseOk);
        } finally {
            // a failover retry may still read the request's headers after this thread has moved on
            request.detach(exchange.awaitingAnswers());
        }
    }

    private void initialize(Context ctx, EndpointView view, IncomingMessages in, ObjectNode init) {
        if (in.messages().size() > 1) {
            throw new HttpProblem(
                    400,
                    JsonRpc.error(
                            init.get("id"),
                            JsonRpc.INVALID_REQUEST,
                            "Invalid Request: initialize must be sent alone, not in a batch"));
        }
        ClientSession session =
                hub.openSession(view, ClientSession.Transport.STREAMABLE_HTTP, ProtocolVersions.DEFAULT_HTTP);
        if (session == null) {
            throw new HttpProblem(
                    503,
                    JsonRpc.error(
                            init.get("id"),
                            JsonRpc.INTERNAL_ERROR,
                            "The hub is at its session limit (systemConfig.http.maxSessions); try again later"));
        }
        ObjectNode result = hub.initialize(session, JsonRpc.params(init));
        ctx.header("Mcp-Session-Id", session.id());
        HttpReplies.json(ctx, 200, JsonRpc.result(init.get("id"), result));
    }

    private void dispatch(ClientSession session, IncomingMessages in, PostExchange exchange) {
        for (ObjectNode m : in.messages()) {
            switch (JsonRpc.kind(m)) {
                case REQUEST -> hub.request(session, m, exchange);
                case NOTIFICATION -> hub.notification(session, m);
                case RESPONSE -> hub.response(session, m);
                default -> {}
            }
        }
    }

    /** JSON when every answer is in and nothing else came first; SSE otherwise. */
    private void answer(
            Context ctx,
            ClientSession session,
            PostExchange exchange,
            ServletHttpView request,
            boolean batch,
            boolean sseOk)
            throws IOException {
        if (!answer(ctx, session, exchange, request, batch, sseOk, true)) {
            log.debug(
                    "session {}: POST stream {} dropped; kept for Last-Event-ID resumption",
                    session.id(),
                    exchange.stream().id());
        }
    }

    /**
     * Answers a POST: JSON when every answer is in and nothing else came first, SSE otherwise (with event ids and
     * the session header when {@code resumable}, the 2025 way; a 2026-07-28 stream has neither).
     *
     * @return false when the client went away before the stream ended
     */
    boolean answer(
            Context ctx,
            ClientSession session,
            PostExchange exchange,
            ServletHttpView request,
            boolean batch,
            boolean sseOk,
            boolean resumable)
            throws IOException {
        EventStream stream = exchange.stream();
        boolean ended;
        try {
            ended = stream.awaitEndOr(
                    e -> sseOk && JsonRpc.kind(e.message()) != JsonRpc.Kind.RESPONSE,
                    sseOk ? JSON_WINDOW : http.sessionIdleTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        // headers a sticky strategy asked for while placing the request (Set-Cookie, X-MCPHub-Node)
        request.writeResponseHeaders(ctx.res());
        List<EventStream.Event> events = stream.snapshot();
        boolean onlyAnswers = events.stream().allMatch(e -> JsonRpc.kind(e.message()) == JsonRpc.Kind.RESPONSE);
        if (ended && (onlyAnswers || !sseOk)) {
            session.forget(stream);
            // the stream already holds each answer serialized: send those bytes rather than serializing again
            List<String> answers = events.stream()
                    .filter(e -> JsonRpc.kind(e.message()) == JsonRpc.Kind.RESPONSE)
                    .map(EventStream.Event::data)
                    .toList();
            String body = batch ? "[" + String.join(",", answers) + "]" : answers.isEmpty() ? "{}" : answers.get(0);
            ctx.status(
                            resumable || events.isEmpty()
                                    ? 200
                                    : ModernRefusal.httpStatusOf(events.get(0).message()))
                    .contentType("application/json")
                    .result(body.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        SseOutput out = SseOutput.open(ctx.res(), resumable ? session.id() : null);
        if (resumable && primes(session)) {
            out.priming(stream.id() + ".0", RETRY);
        }
        try {
            if (StreamPump.pump(stream, 0, out, session, http.keepAliveInterval(), resumable)) {
                session.forget(stream);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean primes(ClientSession session) {
        String v = session.protocolVersion();
        return v != null && v.compareTo("2025-11-25") >= 0;
    }

    /** A 2026-07-28 client has no session, so no GET stream and nothing to DELETE: 405, as a modern server says. */
    private static void refuseStatelessOnly(Context ctx, String what) {
        String sid = ctx.header("Mcp-Session-Id");
        if ((sid == null || sid.isBlank()) && ProtocolVersions.isModern(ctx.header("MCP-Protocol-Version"))) {
            throw new HttpProblem(
                            405,
                            JsonRpc.TRANSPORT_ERROR,
                            "Method Not Allowed: " + what + " (2026-07-28 has no session and no GET stream;"
                                    + " send each request as a POST)")
                    .withHeader("Allow", "POST");
        }
    }

    void get(Context ctx) throws IOException {
        EndpointView view = view(ctx);
        refuseStatelessOnly(ctx, "GET");
        String accept = ctx.header("Accept");
        if (accept == null || !(accept.contains("text/event-stream") || accept.contains("*/*"))) {
            throw new HttpProblem(
                    406,
                    JsonRpc.TRANSPORT_ERROR,
                    "Not Acceptable: GET opens an SSE stream; send Accept: text/event-stream");
        }
        ClientSession session = session(ctx, view);
        checkVersion(ctx);
        String lastEventId = ctx.header("Last-Event-ID");
        EventStream stream = session.standalone();
        long after = 0;
        boolean resumed = false;
        if (lastEventId != null) {
            EventStream s = session.stream(EventStream.streamOf(lastEventId));
            if (s != null) {
                stream = s;
                after = EventStream.seqOf(lastEventId);
                resumed = true;
            }
        }
        session.touch();
        SseOutput out = SseOutput.open(ctx.res(), session.id());
        if (!resumed && primes(session)) {
            out.priming("0.0", RETRY);
        } else {
            out.flush();
        }
        try {
            boolean done = StreamPump.pump(stream, after, out, session, http.keepAliveInterval(), true);
            if (done && stream != session.standalone()) {
                session.forget(stream);
            }
        } catch (IOException e) {
            log.debug("session {}: GET stream dropped", session.id());
        }
    }

    void delete(Context ctx) {
        EndpointView view = view(ctx);
        refuseStatelessOnly(ctx, "DELETE");
        ClientSession session = session(ctx, view);
        hub.endSession(session.id(), "client sent DELETE");
        ctx.status(200);
    }
}
