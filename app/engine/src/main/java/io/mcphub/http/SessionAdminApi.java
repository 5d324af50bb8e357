package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.SessionDetails;
import io.mcphub.session.ClientSession;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Session admin, on a hub and on a coordinator: {@code GET /api/sessions} lists the client sessions (era,
 * transport, client, age, last activity and, on a coordinator, their placements); {@code DELETE /api/sessions/{id}}
 * ends one as the client's own DELETE would (its node sessions and per-session processes are released).
 */
final class SessionAdminApi {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Hub hub;

    SessionAdminApi(Hub hub) {
        this.hub = hub;
    }

    void list(Context ctx) {
        Instant now = hub.scheduler().clock().instant();
        SessionDetails details = hub.operatorHooks().sessionDetails();
        ArrayNode data = Json.array();
        List<ClientSession> sessions = hub.sessions().all().stream()
                .sorted(Comparator.comparing(ClientSession::created))
                .toList();
        for (ClientSession s : sessions) {
            ObjectNode o = data.addObject()
                    .put("id", s.id())
                    .put("protocolVersion", s.protocolVersion())
                    .put("transport", transport(s))
                    .put("view", s.view().label());
            o.set("clientInfo", s.clientInfo());
            o.put("createdAt", ISO_MILLIS.format(s.created()))
                    .put("lastActivity", ISO_MILLIS.format(s.lastActivity()))
                    .put("ageSeconds", Duration.between(s.created(), now).toSeconds())
                    .put("inFlight", s.inFlightCount());
            if (details != null) {
                o.set("placements", details.placements(s.id()));
            }
        }
        HttpReplies.api(ctx, 200, data);
    }

    void end(Context ctx) {
        String id = URLDecoder.decode(ctx.pathParam("id"), StandardCharsets.UTF_8);
        if (!hub.endSession(id, "ended by an operator")) {
            HttpReplies.apiError(ctx, 404, "Unknown session " + id);
            return;
        }
        HttpReplies.api(ctx, 200, Json.object().put("id", id).put("closed", true));
    }

    private static String transport(ClientSession s) {
        return s.transport() == ClientSession.Transport.LEGACY_SSE
                ? "sse"
                : s.transport().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
