package io.mcphub.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ModeContext;
import io.mcphub.mode.SessionIds;
import io.mcphub.mode.SessionState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * What the node knows of the client sessions it holds. A coordinator opens its session on {@code /mcp/{server}} with
 * the client session's id in the {@code initialize}'s {@code _meta} ({@value #META_KEY}); the node remembers which of
 * its own sessions serves that client session for that server, and tells any coordinator that asks
 * ({@code POST /api/cluster/held}, cluster secret). So a coordinator that continues a session another one opened finds
 * the node and the very session (its {@code perSessionClient} process, a stateful server's state) again, with nothing
 * stored on the coordinators.
 *
 * <p><b>Threading:</b> safe for any thread.
 */
final class HeldSessions implements SessionIds {
    static final String META_KEY = "io.mcphub/clientSession";
    static final String PATH = "/api/cluster/held";
    private static final String SERVER_VIEW = "server:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(60);

    private final ModeContext hub;
    /** client session id + "\n" + server -> this node's session id */
    private final Map<String, String> byClient = new ConcurrentHashMap<>();

    private volatile ScheduledFuture<?> pruning;

    HeldSessions(ModeContext hub) {
        this.hub = hub;
    }

    void install(ModeContext context) {
        context.sessionIds(this);
        context.routes().add("POST", PATH, ApiRoutes.Access.SELF_CHECKED, this::held);
        pruning = context.scheduler().every(this::prune, PRUNE_EVERY);
    }

    void stop() {
        ScheduledFuture<?> p = pruning;
        if (p != null) {
            p.cancel(false);
        }
    }

    @Override
    public String mint(SessionState state, JsonNode meta) {
        JsonNode client = meta == null ? null : meta.get(META_KEY);
        if (client == null || !client.isTextual() || !state.viewKey().startsWith(SERVER_VIEW)) {
            return null;
        }
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byClient.put(key(client.asText(), state.viewKey().substring(SERVER_VIEW.length())), id);
        return id;
    }

    /** A node never continues a session it did not open: its clients are coordinators, which reopen their own. */
    @Override
    public SessionState open(String id) {
        return null;
    }

    /** The node's session for (client session, server), while it is open; null otherwise. */
    String sessionFor(String clientSession, String server) {
        String id = byClient.get(key(clientSession, server));
        return id != null && hub.session(id) != null ? id : null;
    }

    /**
     * {@code POST /api/cluster/held} {@code {"clientSession", "server"}}: {@code 200 {"held": true, "sessionId"}}
     * while the node holds a session for them, else {@code 404 {"held": false}}.
     */
    ApiResponse held(ApiRequest request) {
        if (!Secrets.matches(request.header(Secrets.CLUSTER_HEADER), hub.clusterSecret())) {
            return ApiResponse.error(401, "Unauthorized: a valid " + Secrets.CLUSTER_HEADER + " header is required");
        }
        JsonNode body = request.body();
        String client = body == null ? null : body.path("clientSession").asText(null);
        String server = body == null ? null : body.path("server").asText(null);
        if (client == null || server == null) {
            return ApiResponse.error(
                    400,
                    "Invalid request: clientSession: " + (client == null ? "(missing)" : "\"" + client + "\"")
                            + ", server: " + (server == null ? "(missing)" : "\"" + server + "\"")
                            + " (expected: both strings)");
        }
        String id = sessionFor(client, server);
        if (id == null) {
            return ApiResponse.error(
                    404, "no session held for it", Json.object().put("held", false));
        }
        return ApiResponse.ok(Json.object().put("held", true).put("sessionId", id));
    }

    /** Forgets the sessions that ended (DELETE, idle): the map never outgrows the sessions the node has. */
    private void prune() {
        byClient.values().removeIf(id -> hub.session(id) == null);
    }

    private static String key(String clientSession, String server) {
        return clientSession + "\n" + server;
    }
}
