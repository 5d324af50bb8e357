package io.mcphub.api;

import io.mcphub.mode.ModeApi;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Comparing secrets without leaking them through timing, and deriving one key per purpose from a shared secret. */
@ModeApi
public final class Secrets {
    /** The header that carries the cluster secret on node-to-coordinator and coordinator-to-node calls. */
    public static final String CLUSTER_HEADER = "X-MCPHub-Cluster-Secret";

    private Secrets() {}

    public static boolean matches(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A 256-bit key for one purpose, derived from {@code secret} with HKDF-SHA256 (RFC 5869: extract with the hub's
     * salt, one block of expand with {@code purpose}): every hub of a cluster derives the same key from the cluster
     * secret, and a key for one purpose says nothing of another's. Derive once, at start: it is not free.
     */
    public static byte[] derive(String secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("mcphub-cluster-hkdf-salt".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] prk = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
