package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.catalog.EndpointView;
import io.mcphub.config.HttpConfig;
import io.mcphub.hub.Hub;
import io.mcphub.hub.PostExchange;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.modern.Envelope;
import io.mcphub.modern.ModernRefusal;
import io.mcphub.session.ClientSession;
import io.mcphub.session.EventStream;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
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
        return view(ctx.pathParamMap().get("name"));
    }

    private EndpointView view(String name) {
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
        return session(ctx.header("Mcp-Session-Id"), view);
    }

    private ClientSession session(String id, EndpointView view) {
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

    private static void checkVersion(String v) {
        if (v != null && !ProtocolVersions.isSupported(v)) {
            throw new HttpProblem(
                    400,
                    JsonRpc.TRANSPORT_ERROR,
                    "Bad Request: unsupported MCP-Protocol-Version '" + v + "' (expected: one of "
                            + ProtocolVersions.ALL + ")");
        }
    }

    void post(EdgeExchange ctx) throws IOException {
        EndpointView view = view(ctx.name());
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
        ClientSession session = session(sid, view);
        checkVersion(ctx.header("MCP-Protocol-Version"));
        List<JsonNode> ids = in.requestIds();
        if (ids.isEmpty()) {
            dispatch(session, in, null);
            ctx.status(202);
            return;
        }
        LiveHttpView request = new LiveHttpView(ctx);
        PostExchange exchange = new PostExchange(session.newStream(), ids, request);
        try {
            dispatch(session, in, exchange);
        } catch (RuntimeException e) {
            request.detach(exchange.awaitingAnswers());
            throw e;
        }
        answerLater(ctx, session, exchange, request, in.batch(), sseOk, true, written -> {
            // a failover retry may still read the request's headers after the answer was written
            request.detach(exchange.awaitingAnswers());
            if (!written) {
                log.debug(
                        "session {}: POST stream {} dropped; kept for Last-Event-ID resumption",
                        session.id(),
                        exchange.stream().id());
            }
        });
    }

    private void initialize(EdgeExchange ctx, EndpointView view, IncomingMessages in, ObjectNode init) {
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
        ctx.reply(200, "application/json", Json.bytes(JsonRpc.result(init.get("id"), result)));
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

    /**
     * Answers a POST once its answers are in, without holding a thread while they are awaited: JSON when every answer
     * came within the JSON window and nothing else came first, SSE otherwise (with event ids and the session header
     * when {@code resumable}, the 2025 way; a 2026-07-28 stream has neither). The JSON answer is written by whichever
     * thread completed the stream (an upstream's reader: no hand-off back to a request thread); an SSE stream is
     * pumped on a thread that may block. {@code done} hears, once the exchange is complete, whether the answer was
     * written to the end (false when the client went away first).
     */
    void answerLater(
            EdgeExchange ctx,
            ClientSession session,
            PostExchange exchange,
            LiveHttpView request,
            boolean batch,
            boolean sseOk,
            boolean resumable,
            Consumer<Boolean> done) {
        ctx.goAsync();
        EventStream stream = exchange.stream();
        EventStream.Waiter waiter = stream.whenEndOr(
                e -> sseOk && JsonRpc.kind(e.message()) != JsonRpc.Kind.RESPONSE,
                ended -> respond(ctx, session, exchange, request, batch, sseOk, resumable, ended, done));
        if (!waiter.fired()) {
            waiter.timeout(Scheduler.system()
                    .schedule(() -> stream.timeOut(waiter), sseOk ? JSON_WINDOW : http.sessionIdleTimeout()));
        }
    }

    private void respond(
            EdgeExchange ctx,
            ClientSession session,
            PostExchange exchange,
            LiveHttpView request,
            boolean batch,
            boolean sseOk,
            boolean resumable,
            boolean ended,
            Consumer<Boolean> done) {
        EventStream stream = exchange.stream();
        try {
            // headers a sticky strategy asked for while placing the request (Set-Cookie, X-MCPHub-Node)
            request.writeResponseHeaders(ctx::addHeader);
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
                ctx.reply(
                        resumable || events.isEmpty()
                                ? 200
                                : ModernRefusal.httpStatusOf(events.get(0).message()),
                        "application/json",
                        body.getBytes(StandardCharsets.UTF_8));
                done.accept(true);
                return;
            }
        } catch (RuntimeException e) {
            log.error("session {}: could not answer a POST", session.id(), e);
            ctx.complete(e);
            done.accept(false);
            return;
        }
        Threads.blocking().execute(() -> {
            boolean written = false;
            Throwable failure = null;
            try {
                SseOutput out = SseOutput.open(ctx, resumable ? session.id() : null);
                if (resumable && primes(session)) {
                    out.priming(stream.id() + ".0", RETRY);
                }
                if (StreamPump.pump(stream, 0, out, session, http.keepAliveInterval(), resumable)) {
                    session.forget(stream);
                }
                written = true;
            } catch (IOException e) {
                failure = e; // the client went away: what is left stays buffered for Last-Event-ID
            } catch (RuntimeException e) {
                failure = e;
                log.error("session {}: could not stream a POST's answers", session.id(), e);
            } finally {
                ctx.complete(failure);
                done.accept(written);
            }
        });
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
        checkVersion(ctx.header("MCP-Protocol-Version"));
        String lastEventId = ctx.header("Last-Event-ID");
        EventStream stream = session.standalone();
        long after = 0;
        boolean resumed = false;
        if (lastEventId != null) {
            EventStream s = session.stream(EventStream.streamOf(lastEventId));
            if (s != null) {
                stream = s;
                after = EventStream.seqOf(lastEventId);
                // a standalone-stream id this hub never reached was given by another hub that held the session
                after = s == session.standalone() && after > s.lastSeq() ? 0 : after;
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
