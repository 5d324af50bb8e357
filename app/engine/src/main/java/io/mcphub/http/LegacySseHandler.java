package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.catalog.EndpointView;
import io.mcphub.config.HttpConfig;
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
                throw new HttpProblem(
                        403,
                        JsonRpc.TRANSPORT_ERROR,
                        "The global route /sse is disabled (systemConfig.routing.enableGlobalRoute)");
            }
            throw new HttpProblem(404, JsonRpc.TRANSPORT_ERROR, "No group or server named '" + name + "'");
        }
        ClientSession session = hub.openSession(view, ClientSession.Transport.LEGACY_SSE, "2024-11-05");
        if (session == null) {
            throw new HttpProblem(
                    503, JsonRpc.INTERNAL_ERROR, "The hub is at its session limit (systemConfig.http.maxSessions)");
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
            throw new HttpProblem(
                    400, JsonRpc.TRANSPORT_ERROR, "Bad Request: the sessionId query parameter is required");
        }
        ClientSession session = hub.session(id);
        if (session == null || session.transport() != ClientSession.Transport.LEGACY_SSE) {
            throw new HttpProblem(404, JsonRpc.SESSION_NOT_FOUND, "Session not found: " + id);
        }
        IncomingMessages in = IncomingMessages.parse(BodyReader.require(ctx, http.maxBodyBytes(), ""));
        if (in.failed()) {
            throw new HttpProblem(400, in.error());
        }
        LiveHttpView request = new LiveHttpView(new ServletSource(ctx.req()));
        SessionChannel channel = new SessionChannel(session.standalone(), request);
        boolean requests = false;
        try {
            for (ObjectNode m : in.messages()) {
                switch (JsonRpc.kind(m)) {
                    case REQUEST -> {
                        requests = true;
                        hub.request(session, m, channel);
                    }
                    case NOTIFICATION -> hub.notification(session, m);
                    case RESPONSE -> hub.response(session, m);
                    default -> {}
                }
            }
        } finally {
            // answered 202 at once: the answers go down the GET stream, so a failover may read headers later
            request.detach(requests);
        }
        ctx.status(202).contentType("text/plain").result("Accepted");
    }

    /** The route prefix (BASE_PATH) the client reached us under; "" for none. */
    private static String basePath(Context ctx) {
        String p = ctx.contextPath();
        return p == null || p.equals("/") ? "" : p;
    }
}
