package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.mode.ModeApi;
import io.mcphub.modern.CacheHint;
import io.mcphub.session.RequestContext;

/**
 * A server as the hub's router sees it: a name, a status, a catalog, and calls. A local server is an
 * {@link UpstreamServer}; other kinds (a replica set on cluster nodes) implement the same contract.
 *
 * <p><b>Threading:</b> implementations are safe for any thread; {@link #call} never blocks. <b>Nullability:</b>
 * arguments are not null except {@code params}; nothing returns null.
 */
@ModeApi
public interface Upstream {
    String name();

    /** "stdio", "sse", "streamable-http", or another kind's own label. */
    String type();

    UpstreamStatus status();

    ServerCatalog catalog();

    /**
     * Sends a client session's request; the returned call always completes, with a {@link CallOutcome}. Called on the
     * thread that read the client's request, usually the server's selector thread ({@link Threads#inEventLoop}):
     * nothing here may block (a write that could wait, a connection to open, a wait for another hub goes to {@link
     * Threads#blocking()}); the same holds for {@link #listen} and {@link #notify}.
     *
     * @param context the client request (or, for requests the hub makes on a session's behalf, the session alone)
     */
    PendingCall call(String method, JsonNode params, RequestContext context);

    /**
     * A 2026-07-28 {@code subscriptions/listen} held open for a client (it ends when cancelled): its notifications
     * come back through the hub's events with {@code context}. Kinds without a long-lived request send it as a call.
     */
    default PendingCall listen(JsonNode params, RequestContext context) {
        return call("subscriptions/listen", params, context);
    }

    /**
     * The cache hint of the server's last answer to a list method ({@code tools/list}, ...), which the hub's merged
     * lists and {@code server/discover} take the most conservative of; {@link CacheHint#NONE} when unknown.
     */
    default CacheHint cacheHint(String listMethod) {
        return CacheHint.NONE;
    }

    /**
     * Whether the hub's own connection to this server speaks 2026-07-28 (then it has no {@code resources/subscribe},
     * and the hub listens instead). A kind that only relays to another hub (a coordinator's replica set) says no:
     * that hub translates.
     */
    default boolean speaksModern() {
        return false;
    }

    /**
     * Whether a client's {@code subscriptions/listen} goes on to this server as a listen although the hub's own
     * connection does not speak 2026-07-28: a kind that relays to another hub (a coordinator's replica set), which
     * translates for its own servers. Then the hub sends it no {@code resources/subscribe} for a listen.
     */
    default boolean relaysListens() {
        return false;
    }

    /** A client asked for one of the server's lists ({@code tools/list}, ...): a kind that caches may refresh it. */
    default void listRequested(String listMethod) {}

    /** A client session's notification for the server (one the hub does not handle itself). */
    void notify(String method, JsonNode params, RequestContext context);

    /** A client session ended; an upstream that keeps something per session lets it go. */
    default void sessionClosed(String sessionId) {}

    void stop();
}
