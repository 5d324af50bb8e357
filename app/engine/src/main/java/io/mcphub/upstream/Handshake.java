package io.mcphub.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
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
    public static ObjectNode initialize(UpstreamClient client, String protocolVersion, ObjectNode capabilities,
            Duration timeout) throws Exception {
        ObjectNode params = Json.object().put("protocolVersion", protocolVersion);
        params.set("capabilities", capabilities);
        params.putObject("clientInfo").put("name", "mcphub-java").put("version", Version.get());
        ObjectNode response = await(client.request("initialize", params, null, new CallOptions(timeout, false, null)), timeout);
        if (JsonRpc.isError(response)) throw new HandshakeException(response);
        ObjectNode result = (ObjectNode) response.get("result");
        String version = Json.text(result, "protocolVersion");
        if (!ProtocolVersions.isSupported(version)) {
            throw new IllegalStateException("server speaks protocol " + version + ", the hub speaks " + ProtocolVersions.ALL);
        }
        client.transport().initialized(version);
        client.notify("notifications/initialized", null);
        return result;
    }

    /** Waits for a call's answer; the call's own timeout answers first, this is a backstop. */
    public static ObjectNode await(PendingCall call, Duration timeout) throws Exception {
        try {
            return call.response().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms");
        }
    }
}
