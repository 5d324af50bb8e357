package io.mcphub.api;

import io.mcphub.mode.ModeApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparing secrets without leaking them through timing. */
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
}
