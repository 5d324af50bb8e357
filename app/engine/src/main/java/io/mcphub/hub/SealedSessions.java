package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.EndpointView;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.SessionIds;
import io.mcphub.mode.SessionState;
import io.mcphub.session.ClientSession;
import io.mcphub.session.SessionRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of {@link SessionIds}: gives a session that has just initialized the id the mode plugin mints,
 * and re-creates a session from an id the hub does not know when the plugin can open it. Without a plugin's codec
 * both are no-ops (random ids; an unknown id is unknown).
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> {@link #revive} returns null for an id no codec
 * opens.
 */
final class SealedSessions {
    private static final Logger log = LoggerFactory.getLogger(SealedSessions.class);
    private static final String[] LISTS = {
        "notifications/tools/list_changed", "notifications/prompts/list_changed", "notifications/resources/list_changed"
    };

    private final SessionRegistry sessions;
    private final Function<String, EndpointView> viewByKey;
    private final int bufferSize;
    private final Clock clock;
    private final Consumer<ClientSession> replaced;
    private volatile SessionIds ids;

    SealedSessions(
            SessionRegistry sessions,
            Function<String, EndpointView> viewByKey,
            int bufferSize,
            Clock clock,
            Consumer<ClientSession> replaced) {
        this.sessions = sessions;
        this.viewByKey = viewByKey;
        this.bufferSize = bufferSize;
        this.clock = clock;
        this.replaced = replaced;
    }

    void install(SessionIds codec) {
        this.ids = codec;
    }

    /** After a Streamable HTTP session's initialize: the plugin's id replaces the random one. */
    void initialized(ClientSession s, ObjectNode params) {
        SessionIds codec = ids;
        if (codec == null || s.transport() != ClientSession.Transport.STREAMABLE_HTTP) {
            return;
        }
        SessionState state = new SessionState(
                s.protocolVersion(),
                s.clientCapabilities(),
                s.clientInfo(),
                s.created(),
                s.view().key());
        JsonNode meta = params == null ? null : params.get("_meta");
        String id = codec.mint(state, meta);
        if (id == null) {
            return;
        }
        ClientSession before = sessions.rekey(s, id);
        if (before != null) {
            // the same client session initialized again here (e.g. through another coordinator): the new one wins
            replaced.accept(before);
        }
    }

    /**
     * The session another hub opened, re-created here as its id says it was initialized; null when no codec opens the
     * id, its endpoint no longer exists, or the hub is at its session limit. The session's list changes are told
     * again on its standalone stream: the hub that held it may have died before telling them.
     */
    ClientSession revive(String id) {
        SessionIds codec = ids;
        if (codec == null || id == null) {
            return null;
        }
        SessionState state = codec.open(id);
        if (state == null) {
            return null;
        }
        EndpointView view = viewByKey.apply(state.viewKey());
        if (view == null) {
            return null;
        }
        ClientSession s = new ClientSession(
                id, ClientSession.Transport.STREAMABLE_HTTP, view, bufferSize, state.protocolVersion(), clock);
        s.initialized(state.protocolVersion(), state.capabilities(), state.clientInfo());
        ClientSession registered = sessions.addIfAbsent(s);
        if (registered == s) {
            log.debug("session {} continued here (opened {} elsewhere)", id, state.created());
            for (String method : LISTS) {
                s.standalone().append(Json.object().put("jsonrpc", "2.0").put("method", method));
            }
        }
        return registered;
    }
}
