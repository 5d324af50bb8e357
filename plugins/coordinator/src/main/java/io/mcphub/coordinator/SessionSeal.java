package io.mcphub.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.SessionIds;
import io.mcphub.mode.SessionState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client session ids that carry, sealed, what any coordinator needs to continue the session: AES-256-GCM over the
 * session's {@link SessionState} (protocol version, client capabilities and info, creation time, endpoint), under a
 * key derived once, at start, from the cluster secret with HKDF-SHA256. An id is {@code s1.} and the base64url of a
 * random 96-bit nonce followed by the ciphertext and its tag. A forged, tampered or foreign id fails the tag check
 * and opens to nothing, so it is 404 exactly as an unknown id.
 *
 * <p><b>Threading:</b> safe for any thread (a {@link Cipher} per thread). Sealing and opening cost microseconds:
 * no key derivation per call.
 */
public final class SessionSeal implements SessionIds {
    static final String PREFIX = "s1.";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_ID = 16 * 1024;
    private static final byte[] AAD = "mcphub session v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(SessionSeal::newCipher);
    private final Consumer<String> opened;

    /** @param secret the cluster secret, which every coordinator shares */
    public SessionSeal(String secret) {
        this(secret, id -> {});
    }

    /** @param opened hears each id opened here: a session another coordinator began, continued on this one */
    public SessionSeal(String secret, Consumer<String> opened) {
        this.key = new SecretKeySpec(Secrets.derive(secret, "mcphub session id aes-256-gcm"), "AES");
        this.opened = opened;
    }

    @Override
    public String mint(SessionState state, JsonNode initializeMeta) {
        ObjectNode o = Json.object()
                .put("v", state.protocolVersion())
                .put("t", state.created().toEpochMilli())
                .put("k", state.viewKey());
        if (state.capabilities() != null) {
            o.set("c", state.capabilities());
        }
        if (state.clientInfo() != null) {
            o.set("i", state.clientInfo());
        }
        return seal(Json.bytes(o));
    }

    @Override
    public SessionState open(String id) {
        byte[] plain = unseal(id);
        if (plain == null) {
            return null;
        }
        try {
            JsonNode o = Json.parse(plain);
            String version = o.path("v").asText(null);
            String view = o.path("k").asText(null);
            if (version == null || view == null) {
                return null;
            }
            SessionState state = new SessionState(
                    version,
                    o.get("c") instanceof ObjectNode c ? c : null,
                    o.get("i") instanceof ObjectNode i ? i : null,
                    Instant.ofEpochMilli(o.path("t").asLong()),
                    view);
            opened.accept(id);
            return state;
        } catch (IOException e) {
            return null;
        }
    }

    String seal(byte[] plain) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(AAD);
            byte[] sealed = c.doFinal(plain);
            ByteBuffer out =
                    ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext, or null when the id is not one this key sealed (or was altered). */
    byte[] unseal(String id) {
        if (id == null || !id.startsWith(PREFIX) || id.length() > MAX_ID) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(id.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length < NONCE + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
            c.updateAAD(AAD);
            return c.doFinal(raw, NONCE, raw.length - NONCE);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
