package io.mcphub.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ModeApi;
import io.mcphub.session.ProtocolVersions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** MCP's initialize handshake, as the hub's client side does it on any connection. */
@ModeApi
public final class Handshake {
    private Handshake() {}

    /**
     * Sends {@code initialize}, checks the answer's protocol version, tells the transport, and sends
     * {@code notifications/initialized}. Blocks up to {@code timeout}.
     *
     * @return the server's initialize result
     * @throws IllegalStateException with a readable reason when the server refused or spoke another protocol
     */
    public static ObjectNode initialize(
            UpstreamClient client, String protocolVersion, ObjectNode capabilities, Duration timeout) throws Exception {
        return initialize(client, protocolVersion, capabilities, null, timeout);
    }

    /**
     * The same, with {@code _meta} on the {@code initialize} request (a coordinator names the client session it opens
     * a node session for: the node's {@code SessionIds} reads it).
     *
     * @param meta null for none
     */
    public static ObjectNode initialize(
            UpstreamClient client, String protocolVersion, ObjectNode capabilities, ObjectNode meta, Duration timeout)
            throws Exception {
        ObjectNode params = Json.object().put("protocolVersion", protocolVersion);
        if (meta != null) {
            params.set("_meta", meta);
        }
        params.set("capabilities", capabilities);
        params.putObject("clientInfo").put("name", "mcphub-java").put("version", Version.get());
        CallOutcome outcome =
                outcome(client.request("initialize", params, null, new CallOptions(timeout, false, null)), timeout);
        if (!(outcome instanceof CallOutcome.Answered answered) || answered.isError()) {
            throw new HandshakeException(outcome);
        }
        ObjectNode result = (ObjectNode) answered.response().get("result");
        String version = Json.text(result, "protocolVersion");
        if (!ProtocolVersions.isSupported(version)) {
            throw new IllegalStateException(
                    "server speaks protocol " + version + ", the hub speaks " + ProtocolVersions.ALL);
        }
        client.transport().initialized(version);
        client.notify("notifications/initialized", null);
        return result;
    }

    /**
     * Waits for the answer to one of the hub's own requests, as JSON-RPC (an error when the call failed); the call's
     * own timeout answers first, this is a backstop.
     */
    public static ObjectNode await(PendingCall call, Duration timeout) throws Exception {
        return CallOutcome.render(outcome(call, timeout), null);
    }

    /** Waits for how a call ended; the call's own timeout answers first, this is a backstop. */
    public static CallOutcome outcome(PendingCall call, Duration timeout) throws Exception {
        try {
            return call.outcome().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms");
        }
    }
}
