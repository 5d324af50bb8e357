package io.mcphub.mode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A mode plugin's say in client session ids (installed with {@link ModeContext#sessionIds(SessionIds)}), so that a
 * Streamable HTTP session survives the hub that opened it: several coordinators behind a plain load balancer each
 * continue a session another one opened.
 *
 * <ul>
 *   <li>{@link #mint} runs once per session, when its {@code initialize} has been answered and before the id goes
 *       to the client: the id it returns replaces the engine's random one. A coordinator seals the
 *       {@link SessionState} into it; a node names its own session after the client session it serves.</li>
 *   <li>{@link #open} runs when a request names a session id the hub does not know (the "unknown session"
 *       resolver). A state means: re-create the session here, as it was initialized; null means the id is unknown,
 *       forged, tampered with or foreign, and the client gets {@code 404} exactly as for any unknown session.</li>
 * </ul>
 *
 * <p>Legacy SSE sessions (whose id is announced before {@code initialize}, and which end with their stream) keep the
 * engine's random ids.
 *
 * <p><b>Threading:</b> called on request threads, concurrently: both must be thread-safe, must not block, and should
 * cost microseconds (derive keys once, not per call). <b>Nullability:</b> {@code initializeMeta} is null when the
 * client's {@code initialize} had no {@code _meta}; {@link #mint} returns null to keep the random id; {@link #open}
 * returns null for an id that is not one of its own.
 */
public interface SessionIds {

    /** The id of a session that has just initialized; null keeps the engine's random id. */
    String mint(SessionState state, JsonNode initializeMeta);

    /** The state sealed in {@code id}, or null when the id is not a valid one of this codec. */
    SessionState open(String id);
}
