package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The value that names a node in a cookie or header, and the reverse lookup from value to node.
 *
 * <p>Values are computed for every node when a snapshot is built, so checking a client's value on the
 * hot path is one map lookup, no crypto. A value that is not in the map (unknown node, a node of another
 * server, a bad or old signature) names nothing, and a known value only ever yields a healthy member of
 * the snapshot: a client cannot reach a node through it that balancing could not give it.
 */
final class NodeTokens {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~-]{1,200}");
    private static final int MAC_BYTES = 16;

    private static final int MAX_REMEMBERED = 100_000;

    private final boolean signed;
    private final byte[] key;
    /**
     * Each node's value, made once: a table is built per server per cluster view, and an HMAC per node each time
     * (a {@code Mac} instance and a hash) made every view of a large cluster cost in proportion to its size.
     */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    NodeTokens(TokenConfig config) {
        this.signed = config.signed();
        if (config.secret().isPresent()) {
            this.key = config.secret().get().getBytes(StandardCharsets.UTF_8);
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
    }

    /** The value for a node id; safe in a cookie and a header. */
    String tokenFor(String nodeId) {
        String known = tokens.get(nodeId);
        if (known != null) {
            return known;
        }
        if (tokens.size() >= MAX_REMEMBERED) {
            tokens.clear(); // ids of nodes long gone; the live ones are made again
        }
        String token = compute(nodeId);
        tokens.put(nodeId, token);
        return token;
    }

    private String compute(String nodeId) {
        String body = SAFE.matcher(nodeId).matches()
                ? nodeId
                : "b64."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(nodeId.getBytes(StandardCharsets.UTF_8));
        return signed ? body + "." + mac(nodeId) : body;
    }

    /** Per-snapshot lookup from value to node. */
    Table table(NodeSet nodes) {
        Map<String, Integer> byToken = new HashMap<>();
        String[] tokens = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            tokens[i] = tokenFor(nodes.get(i).id());
            byToken.put(tokens[i], i);
        }
        return new Table(nodes, Map.copyOf(byToken), tokens);
    }

    private String mac(String nodeId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(nodeId.getBytes(StandardCharsets.UTF_8));
            byte[] cut = new byte[MAC_BYTES];
            System.arraycopy(full, 0, cut, 0, MAC_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(cut);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Values of one snapshot. */
    static final class Table {
        private final NodeSet nodes;
        private final Map<String, Integer> byToken;
        private final String[] tokens;

        private Table(NodeSet nodes, Map<String, Integer> byToken, String[] tokens) {
            this.nodes = nodes;
            this.byToken = byToken;
            this.tokens = tokens;
        }

        /** The healthy member named by {@code value}; empty for anything else. */
        Optional<NodeView> resolve(Optional<String> value) {
            if (value.isEmpty()) {
                return Optional.empty();
            }
            Integer i = byToken.get(value.get().trim());
            return i != null && nodes.get(i).isHealthy() ? nodes.optional(i) : Optional.empty();
        }

        /** The value for {@code node}, which the hub may have placed from another snapshot. */
        Optional<String> tokenOf(NodeView node) {
            int i = nodes.indexOf(node.id());
            return i < 0 ? Optional.empty() : Optional.of(tokens[i]);
        }
    }
}
