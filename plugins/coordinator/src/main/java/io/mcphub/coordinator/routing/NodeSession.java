package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeContext;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.Handshake;
import io.mcphub.upstream.HandshakeException;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.RequestOrigin;
import io.mcphub.upstream.UpstreamClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's own MCP session with one node's {@code /mcp/{server}}, on behalf of one client session. Opened
 * lazily (the handshake runs once, calls wait behind it), initialized with the client's own capabilities and
 * protocol version, closed with the client's session or when the node goes away.
 */
final class NodeSession {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    final String clientSessionId;
    final ClusterNode node;
    private final CompletableFuture<UpstreamClient> ready = new CompletableFuture<>();
    private final CallOptions options;
    private final ModeContext hub;
    private volatile UpstreamClient client;
    private volatile boolean closed;

    NodeSession(ModeContext hub, String clientSessionId, ClusterNode node, String server, String secret,
            String protocolVersion, ObjectNode clientCapabilities, CallOptions options,
            UpstreamClient.Inbound inbound) {
        this.clientSessionId = clientSessionId;
        this.node = node;
        this.options = options;
        this.hub = hub;
        URI url = URI.create(node.url().replaceAll("/+$", "") + "/mcp/" + URLEncoder.encode(server, StandardCharsets.UTF_8));
        hub.blocking().execute(() -> {
            try {
                UpstreamClient c = hub.connect(server + "@" + node.id(), url, Map.of(Secrets.CLUSTER_HEADER, secret),
                        inbound);
                client = c;
                if (closed) {
                    c.close();
                    throw new IllegalStateException("closed");
                }
                Handshake.initialize(c, protocolVersion, clientCapabilities, HANDSHAKE_TIMEOUT);
                ready.complete(c);
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
    }

    /** A call on this session; a handshake that failed answers as "never reached", so the caller may fail over. */
    PendingCall call(String method, JsonNode params, RequestOrigin origin) {
        UpstreamClient c = ready.getNow(null);
        if (c != null) return c.request(method, params, origin, options);
        PendingCall deferred = PendingCall.deferred(method);
        ready.whenComplete((ok, error) -> {
            if (error == null) {
                deferred.follow(ok.request(method, params, origin, options));
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                boolean peerDown = cause instanceof HandshakeException h
                        && h.errorResponse().path("error").path("data").path("peerDown").asBoolean(false);
                ObjectNode data = Json.object().put("node", node.id()).put("reached", false).put("peerDown", peerDown);
                // the request itself never left: whatever broke the handshake, it may go to another replica
                deferred.complete(JsonRpc.error(null, JsonRpc.SERVER_UNAVAILABLE,
                        "could not open a session on node " + node.id() + ": " + cause.getMessage(), data));
            }
        });
        return deferred;
    }

    void notify(String method, JsonNode params) {
        ready.thenAccept(c -> c.notify(method, params));
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        UpstreamClient c = client;
        if (c != null) {
            hub.blocking().execute(c::close);
        }
    }
}
