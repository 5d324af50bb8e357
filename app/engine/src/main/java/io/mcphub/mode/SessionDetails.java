package io.mcphub.mode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a mode plugin knows of a client session that {@code GET /api/sessions} shows: on a coordinator, where each
 * of its servers is placed.
 *
 * <p><b>Threading:</b> called on HTTP threads; must not block. <b>Nullability:</b> never returns null.
 */
@FunctionalInterface
public interface SessionDetails {
    /** The session's placements, as an array of {@code {server, nodeId, nodeName, lastUsed}}. */
    JsonNode placements(String sessionId);
}
