package io.mcphub.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code requestState} the hub hands a 2026-07-28 client with an {@code input_required} answer: what the retry
 * must reach (the upstream whose own state is inside, or a call the hub holds open), bound to the request it belongs
 * to (method and name) and to the caller (a digest of its credentials), with an expiry, under an HMAC with a key of
 * the hub's. Clients treat it as opaque; the hub treats what comes back as attacker-controlled and checks all of it
 * before anything runs.
 *
 * <p><b>Threading:</b> safe for any thread (a {@link Mac} per thread). <b>Nullability:</b> a state's inner value
 * may be null (the upstream sent none).
 */
public final class RequestStates {
    private static final String PREFIX = "mh1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Clock clock;

    /** What a state names: an upstream's own state to pass back, or a call the hub holds. */
    public enum Kind {
        UPSTREAM,
        HELD
    }

    /** An opened state: where the retry goes, and the upstream's own state (UPSTREAM) or the held call's id (HELD). */
    public record State(Kind kind, String server, String value) {}

    /** The outcome of opening a state: the state, or why it is refused. */
    public record Opened(State state, String refusal) {
        public boolean ok() {
            return state != null;
        }
    }

    /** A hub with a key of its own: states survive neither a restart nor another hub (the client starts over). */
    public static RequestStates random(Clock clock) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new RequestStates(k, clock);
    }

    /**
     * A key derived from the cluster secret (once, at start): every coordinator and node of the cluster opens the
     * states any of them sealed, so a retry may reach any coordinator.
     */
    public static RequestStates fromSecret(String secret, Clock clock) {
        return new RequestStates(Secrets.derive(secret, "mcphub request states v1"), clock);
    }

    public RequestStates(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Seals a state for the retry of {@code method} on {@code name} by {@code caller}.
     *
     * @param caller a digest of the caller's credentials ({@link #caller}), "" when it sent none
     */
    public String seal(
            Kind kind, String server, String value, String method, String name, String caller, Duration ttl) {
        ObjectNode p = Json.object()
                .put("k", kind == Kind.HELD ? "h" : "u")
                .put("s", server)
                .put("m", method)
                .put("n", name == null ? "" : name)
                .put("c", caller)
                .put("x", clock.millis() + ttl.toMillis());
        if (value != null) {
            p.put("v", value);
        }
        String payload = B64.encodeToString(Json.write(p).getBytes(StandardCharsets.UTF_8));
        return PREFIX + payload + "." + B64.encodeToString(mac(payload));
    }

    /** Opens a state a client sent back with its retry of {@code method} on {@code name}. */
    public Opened open(String token, String method, String name, String caller) {
        if (token == null || !token.startsWith(PREFIX)) {
            return refused("it was not issued by this hub");
        }
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return refused("it is malformed");
        }
        String payload = token.substring(PREFIX.length(), dot);
        byte[] given;
        try {
            given = UNB64.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return refused("it is malformed");
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return refused("it failed verification (altered, or issued by another hub or before a restart)");
        }
        JsonNode p;
        try {
            p = Json.parse(UNB64.decode(payload));
        } catch (IOException | IllegalArgumentException e) {
            return refused("it is malformed");
        }
        if (p.path("x").asLong() < clock.millis()) {
            return refused("it expired; start the request over without requestState");
        }
        if (!method.equals(p.path("m").asText())
                || !(name == null ? "" : name).equals(p.path("n").asText())) {
            return refused("it belongs to another request (" + p.path("m").asText() + " "
                    + p.path("n").asText() + ")");
        }
        if (!caller.equals(p.path("c").asText())) {
            return refused("it was issued to another caller");
        }
        Kind kind = "h".equals(p.path("k").asText()) ? Kind.HELD : Kind.UPSTREAM;
        JsonNode v = p.get("v");
        return new Opened(new State(kind, p.path("s").asText(), v == null ? null : v.asText()), null);
    }

    private static Opened refused(String why) {
        return new Opened(null, "Invalid params: requestState is refused: " + why);
    }

    private byte[] mac(String payload) {
        return macs.get().doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    }

    /** A short digest of the caller's credentials (the Authorization header), so a state works only for its caller. */
    public static String caller(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return "";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(d).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
