package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.config.HttpConfig;
import io.mcphub.catalog.EndpointView;
import io.mcphub.hub.Hub;
import io.mcphub.hub.SessionChannel;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ClientSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy HTTP+SSE transport (2024-11-05): {@code GET /sse[/{name}]} opens the session and its one stream,
 * whose first event names {@code /messages?sessionId=...}, where the client POSTs. The session ends with the stream.
 */
final class LegacySseHandler {
    private static final Logger log = LoggerFactory.getLogger(LegacySseHandler.class);

    private final Hub hub;
    private final HttpConfig http;

    LegacySseHandler(Hub hub) {
        this.hub = hub;
        this.http = hub.settings().http();
    }

    void get(Context ctx) throws IOException {
        String name = ctx.pathParamMap().get("name");
        EndpointView view = hub.resolveView(name);
        if (view == null) {
            if (name == null) {
                HttpReplies.rpcError(ctx, 403, -32000, "The global route /sse is disabled (systemConfig.routing.enableGlobalRoute)");
            } else {
                HttpReplies.rpcError(ctx, 404, -32000, "No group or server named '" + name + "'");
            }
            return;
        }
        ClientSession session = hub.openSession(view, ClientSession.Transport.LEGACY_SSE, "2024-11-05");
        if (session == null) {
            HttpReplies.rpcError(ctx, 503, JsonRpc.INTERNAL_ERROR, "The hub is at its session limit (systemConfig.http.maxSessions)");
            return;
        }
        SseOutput out = SseOutput.open(ctx.res(), null);
        try {
            out.named("endpoint", basePath(ctx) + "/messages?sessionId=" + session.id());
            out.flush();
            StreamPump.pump(session.standalone(), 0, out, session, http.keepAliveInterval(), false);
        } catch (IOException e) {
            log.debug("legacy SSE stream of session {} closed", session.id());
        } finally {
            hub.endSession(session.id(), "SSE stream closed");
        }
    }

    void post(Context ctx) throws IOException {
        String id = ctx.queryParam("sessionId");
        if (id == null || id.isBlank()) {
            HttpReplies.rpcError(ctx, 400, -32000, "Bad Request: the sessionId query parameter is required");
            return;
        }
        ClientSession session = hub.session(id);
        if (session == null || session.transport() != ClientSession.Transport.LEGACY_SSE) {
            HttpReplies.rpcError(ctx, 404, -32001, "Session not found: " + id);
            return;
        }
        byte[] body = BodyReader.read(ctx, http.maxBodyBytes());
        if (body == null) {
            HttpReplies.rpcError(ctx, 413, JsonRpc.INVALID_REQUEST, "Request body too large: the limit is " + http.maxBodyBytes() + " bytes");
            return;
        }
        IncomingMessages in = IncomingMessages.parse(body);
        if (in.failed()) {
            HttpReplies.rpcError(ctx, 400, in.error());
            return;
        }
        SessionChannel channel = new SessionChannel(session.standalone(), ClientRequests.of(ctx));
        for (ObjectNode m : in.messages()) {
            switch (JsonRpc.kind(m)) {
                case REQUEST -> hub.request(session, m, channel);
                case NOTIFICATION -> hub.notification(session, m);
                case RESPONSE -> hub.response(session, m);
                default -> { }
            }
        }
        ctx.status(202).contentType("text/plain").result("Accepted");
    }

    /** The route prefix (BASE_PATH) the client reached us under; "" for none. */
    private static String basePath(Context ctx) {
        String p = ctx.contextPath();
        return p == null || p.equals("/") ? "" : p;
    }
}
