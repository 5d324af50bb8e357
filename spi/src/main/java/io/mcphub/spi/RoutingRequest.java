package io.mcphub.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A read-only view of the client request being placed: which session, which server, and the client's
 * headers and cookies. The hub's own request context implements this interface: a header or cookie is
 * read from the HTTP request when asked for, and nothing is copied on the way in. Only when the hub has
 * already answered the HTTP request while the call goes on (a legacy SSE POST is acknowledged at once; a
 * client may drop its stream) are the headers and cookies copied, once, so that a later placement (a
 * failover) still reads them. Plugins must not keep the view beyond the call.
 *
 * <p><b>Threading:</b> may be read from any thread. <b>Nullability:</b> nothing returns null; absent
 * values are empty.
 */
public interface RoutingRequest {

    /** The client's MCP session id; empty before the session exists (an {@code initialize}). */
    Optional<String> sessionId();

    /** The name of the MCP server the request is for (placement is per session and server). */
    String server();

    /** The first value of a request header; names compare ignoring case. */
    Optional<String> header(String name);

    /** The value of a request cookie; names compare exactly. */
    Optional<String> cookie(String name);

    /**
     * A request from plain values, for tests and tools.
     *
     * @param sessionId may be null
     * @param headers   header names compare ignoring case
     */
    static RoutingRequest of(
            String sessionId, String server, Map<String, String> headers, Map<String, String> cookies) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        Map<String, String> c = Map.copyOf(cookies);
        Optional<String> sid = Optional.ofNullable(sessionId);
        return new RoutingRequest() {
            @Override
            public Optional<String> sessionId() {
                return sid;
            }

            @Override
            public String server() {
                return server;
            }

            @Override
            public Optional<String> header(String name) {
                return Optional.ofNullable(h.get(name));
            }

            @Override
            public Optional<String> cookie(String name) {
                return Optional.ofNullable(c.get(name));
            }

            @Override
            public String toString() {
                return "RoutingRequest[session=" + sessionId + ", server=" + server + ", headers="
                        + h.keySet().toString().toLowerCase(Locale.ROOT) + ", cookies=" + c.keySet() + "]";
            }
        };
    }

    /** A request with a session id and nothing else. */
    static RoutingRequest forSession(String sessionId, String server) {
        return of(sessionId, server, Map.of(), Map.of());
    }
}
