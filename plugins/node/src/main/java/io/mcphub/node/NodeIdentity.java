package io.mcphub.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who this node is to the coordinator: its id, display name and the URL the coordinator reaches it at.
 *
 * @param id   the configured id, else {@code node-} + the first 12 hex digits of SHA-256 of {@code url}: stable across
 *             restarts, unique per address
 * @param name the configured name, else this machine's host name
 * @param url  the configured {@code node.url}, else the advertised address
 */
public record NodeIdentity(String id, String name, String url) {

    /** The identity for a node with these configured values (each may be null) and this advertised URL. */
    public static NodeIdentity of(
            String configuredId, String configuredName, String configuredUrl, String advertisedUrl) {
        String url = configuredUrl != null ? configuredUrl : advertisedUrl;
        String id = configuredId != null ? configuredId : derivedId(url);
        String name = configuredName != null ? configuredName : hostName();
        return new NodeIdentity(id, name, url);
    }

    /** {@code node-} + the first 12 hex digits of SHA-256 of the URL's UTF-8 bytes. */
    public static String derivedId(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "node-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This machine's host name, or {@code HOSTNAME} from the environment, or {@code localhost}. */
    public static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            if (h != null && !h.isBlank()) {
                return h;
            }
        } catch (UnknownHostException | SecurityException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
