package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.mode.ModeContext;
import io.mcphub.session.RequestContext;
import io.mcphub.upstream.CallOptions;
import io.mcphub.upstream.CallOutcome;
import io.mcphub.upstream.Handshake;
import io.mcphub.upstream.HandshakeException;
import io.mcphub.upstream.PendingCall;
import io.mcphub.upstream.UpstreamClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The coordinator's own MCP session with one node's {@code /mcp/{server}}, on behalf of one client session. Opened
 * lazily (the handshake runs once, calls wait behind it), initialized with the client's own capabilities and
 * protocol version, closed with the client's session or when the node goes away.
 */
final class NodeSession implements NodeLink {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    final String clientSessionId;
    final ClusterNode node;
    private final CompletableFuture<UpstreamClient> ready = new CompletableFuture<>();
    private final CallOptions options;
    private final ModeContext hub;
    private volatile UpstreamClient client;
    private volatile boolean closed;

    NodeSession(
            ModeContext hub,
            String clientSessionId,
            ClusterNode node,
            String server,
            String secret,
            String protocolVersion,
            ObjectNode clientCapabilities,
            CallOptions options,
            UpstreamClient.Inbound inbound) {
        this.clientSessionId = clientSessionId;
        this.node = node;
        this.options = options;
        this.hub = hub;
        URI url = URI.create(
                node.url().replaceAll("/+$", "") + "/mcp/" + URLEncoder.encode(server, StandardCharsets.UTF_8));
        hub.blocking().execute(() -> {
            try {
                UpstreamClient c =
                        hub.connect(server + "@" + node.id(), url, Map.of(Secrets.CLUSTER_HEADER, secret), inbound);
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

    /**
     * Sends a request on this session, once its handshake is done; {@code done} hears how it ended, exactly once. A
     * handshake that failed ends it as {@link CallOutcome.Refused} (the request itself never left), so the caller may
     * fail over.
     *
     * @return the step a client's cancel reaches
     */
    @Override
    public PendingCall.Step send(String method, JsonNode params, RequestContext context, Consumer<CallOutcome> done) {
        UpstreamClient c = ready.getNow(null);
        if (c != null) {
            return c.send(method, params, context, options, done);
        }
        Queued queued = new Queued(done);
        ready.whenComplete((ok, error) -> {
            if (error == null) {
                queued.send(() -> ok.send(method, params, context, options, done));
            } else {
                queued.fail(handshakeFailed(error));
            }
        });
        return queued;
    }

    private CallOutcome handshakeFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        CallOutcome.Peer peer = CallOutcome.Peer.UNKNOWN;
        if (cause instanceof HandshakeException h && peerDown(h.outcome())) {
            peer = CallOutcome.Peer.DOWN;
        }
        // the request itself never left: whatever broke the handshake, it may go to another replica
        return new CallOutcome.Refused(
                null,
                "could not open a session on node " + node.id() + ": " + cause.getMessage(),
                node.id(),
                null,
                null,
                peer);
    }

    private static boolean peerDown(CallOutcome outcome) {
        return outcome instanceof CallOutcome.Refused r && r.peerDown()
                || outcome instanceof CallOutcome.MayHaveRun m && m.peer() == CallOutcome.Peer.DOWN;
    }

    /** A request waiting for the handshake: a cancel meanwhile ends it unsent; after, the cancel goes on the wire. */
    private static final class Queued implements PendingCall.Step {
        private final Consumer<CallOutcome> done;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile PendingCall.Step sent;
        private volatile String cancelledFor;

        Queued(Consumer<CallOutcome> done) {
            this.done = done;
        }

        void send(Supplier<PendingCall.Step> wire) {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            PendingCall.Step step = wire.get();
            sent = step;
            String reason = cancelledFor;
            if (reason != null) {
                step.cancel(reason);
            }
        }

        void fail(CallOutcome outcome) {
            if (claimed.compareAndSet(false, true)) {
                done.accept(outcome);
            }
        }

        @Override
        public void cancel(String reason) {
            cancelledFor = reason;
            if (claimed.compareAndSet(false, true)) {
                done.accept(new CallOutcome.Cancelled(reason));
                return;
            }
            PendingCall.Step step = sent;
            if (step != null) {
                step.cancel(reason);
            }
        }
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
