package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.mode.ModeContext;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.ModernWire;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamClient;
import io.mcphub.upstream.UpstreamEvents;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The coordinator's one 2026-07-28 link to a node's {@code /mcp/{server}}, shared by every stateless request placed
 * there: no handshake, no session, each request carrying its client's envelope. What the node sends about a request
 * (progress, logs) comes back on that request's own stream, so it reaches that request's client. An
 * {@code input_required} answer is bound to the node ({@link NodeBoundState}) so the retry comes back here.
 *
 * <p><b>Threading:</b> safe for any thread.
 */
final class StatelessNodeLink implements NodeLink {
    final ClusterNode node;
    private final UpstreamClient client;
    private final CallOptions options;

    StatelessNodeLink(
            ModeContext hub, Upstream owner, ClusterNode node, String server, String secret, CallOptions options) {
        this.node = node;
        this.options = options;
        URI url = URI.create(
                node.url().replaceAll("/+$", "") + "/mcp/" + URLEncoder.encode(server, StandardCharsets.UTF_8));
        UpstreamEvents events = hub.events();
        this.client = hub.connect(
                server + "@" + node.id() + " (stateless)",
                url,
                Map.of(Secrets.CLUSTER_HEADER, secret),
                new UpstreamClient.Inbound() {
                    @Override
                    public void notification(ObjectNode notification, RequestContext context) {
                        String method = JsonRpc.method(notification);
                        if (context != null && method != null && !method.endsWith("/list_changed")) {
                            events.notification(owner, notification, context);
                        }
                    }

                    @Override
                    public CompletableFuture<ObjectNode> request(ObjectNode request, RequestContext context) {
                        return CompletableFuture.completedFuture(JsonRpc.error(
                                null,
                                JsonRpc.METHOD_NOT_FOUND,
                                "a 2026-07-28 request gets input through input_required, not a request"));
                    }

                    @Override
                    public void closed(String reason) {
                        // the link has no session to lose: the next request opens its connection again
                    }
                });
        client.modern(true);
    }

    @Override
    public PendingCall.Step send(String method, JsonNode params, RequestContext context, Consumer<CallOutcome> done) {
        return client.send(
                method,
                withClientKey(params, context),
                context,
                options,
                outcome -> done.accept(NodeBoundState.bind(outcome, node.id())));
    }

    /** A client's listen, held open on the node for as long as the client keeps it (no call timeout). */
    PendingCall.Step listen(JsonNode params, RequestContext context, Consumer<CallOutcome> done) {
        return client.send("subscriptions/listen", withClientKey(params, context), context, CallOptions.LISTEN, done);
    }

    /** The client's key goes to the node in the envelope, for its per-session servers. */
    private static JsonNode withClientKey(JsonNode params, RequestContext context) {
        String key = context.session().clientKey();
        if (key == null) {
            return params;
        }
        ObjectNode copy = params instanceof ObjectNode p ? p.deepCopy() : Json.object();
        copy.with("_meta").put(ModernWire.CLIENT_KEY, key);
        return copy;
    }

    void close() {
        client.close();
    }
}
