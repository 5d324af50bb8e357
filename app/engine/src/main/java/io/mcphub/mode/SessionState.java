package io.mcphub.mode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What a hub needs to continue a Streamable HTTP client session it did not open: the values the client's
 * {@code initialize} fixed. A {@link SessionIds} codec seals it into the session id and opens it again.
 *
 * <p><b>Nullability:</b> {@code capabilities} and {@code clientInfo} may be null (a client that sent none); the
 * others are never null.
 *
 * @param protocolVersion the negotiated protocol version
 * @param capabilities    the client's capabilities, as sent
 * @param clientInfo      the client's {@code clientInfo}, as sent
 * @param created         when the session was opened
 * @param viewKey         the endpoint view the session was opened on ({@code *}, {@code group:<id>},
 *                        {@code server:<name>}): a session id is valid on that endpoint only
 */
public record SessionState(
        String protocolVersion, ObjectNode capabilities, ObjectNode clientInfo, Instant created, String viewKey) {}
