package io.mcphub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.modern.ModernResults;
import io.mcphub.modern.RequestStates;
import io.mcphub.session.EventStream;
import io.mcphub.session.HttpView;
import io.mcphub.session.ResponseChannel;
import io.mcphub.upstream.ModernWire;

/**
 * The channel of one 2026-07-28 request: its answer gets what the revision requires ({@link ModernResults}) and the
 * id of the POST that is waiting for it now. That is the request's own POST, until a 2025 server asks the client
 * something mid-call: then the hub answers that POST with {@code input_required} and the call's later messages go
 * to the client's retry ({@link #retarget}).
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> {@link #exposedName()} is null for methods without
 * a name; {@link #expectedServer()} is null unless the request is a retry of an upstream's input request.
 */
public final class ModernExchange implements ResponseChannel {
    private record Target(ResponseChannel post, JsonNode id) {}

    private final String method;
    private final JsonNode params;
    private final String exposedName;
    /** A digest of the caller's credentials, made when a request state is sealed or opened (most requests never). */
    private volatile String caller;

    private final ObjectNode capabilities;
    private volatile Target target;
    private volatile String expectedServer;
    private volatile HeldCalls.Held held;
    private volatile Runnable onFinal = () -> {};

    public ModernExchange(ResponseChannel post, ObjectNode request) {
        this.method = request.path("method").asText();
        this.params = request.get("params");
        String key = ModernWire.nameKey(method);
        this.exposedName = key == null ? null : Json.text(params, key);
        this.target = new Target(post, request.get("id"));
        JsonNode caps = request.path("params").path("_meta").get(ModernWire.CLIENT_CAPABILITIES);
        this.capabilities = caps instanceof ObjectNode o ? o : Json.object();
    }

    /** The capabilities the client declared in the request's envelope. */
    public ObjectNode capabilities() {
        return capabilities;
    }

    /** The method of the request. */
    public String method() {
        return method;
    }

    /** The tool or prompt name or the resource URI as the client sent it (before the hub took a prefix off). */
    public String exposedName() {
        return exposedName;
    }

    /** A digest of the caller's credentials, to which the request states the hub issues are bound. */
    public String caller() {
        String c = caller;
        if (c == null) {
            c = RequestStates.caller(http().header("Authorization"));
            caller = c;
        }
        return c;
    }

    /** The server a retry must reach: the one whose input request it answers. */
    String expectedServer() {
        return expectedServer;
    }

    void expectServer(String server) {
        this.expectedServer = server;
    }

    /** The call the hub holds open for this request while the client answers a 2025 server's questions, or null. */
    HeldCalls.Held held() {
        return held;
    }

    void held(HeldCalls.Held h) {
        this.held = h;
    }

    /** Runs once the request's final answer (not an {@code input_required}) has been given. */
    void onFinal(Runnable r) {
        this.onFinal = r;
    }

    /** The later messages of the call go to a retry's POST, answered with the retry's id. */
    synchronized void retarget(ResponseChannel post, JsonNode id) {
        this.target = new Target(post, id);
    }

    @Override
    public boolean send(ObjectNode message) {
        return target.post().send(message);
    }

    @Override
    public void respond(ObjectNode response) {
        Target t;
        synchronized (this) {
            t = target;
        }
        response.set("id", t.id());
        ModernResults.finish(method, response, params);
        boolean input = "input_required"
                .equals(response.path("result").path("resultType").asText());
        t.post().respond(response);
        if (!input) {
            onFinal.run();
        }
    }

    @Override
    public EventStream stream() {
        return target.post().stream();
    }

    @Override
    public HttpView http() {
        return target.post().http();
    }
}
