package io.mcphub.mode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where this hub listens: the bound host, as given ({@code 0.0.0.0} for every interface), and the port it really
 * listens on (known only after the server started).
 *
 * <p><b>Threading:</b> immutable. <b>Nullability:</b> {@code host} is never null.
 */
public record AdvertisedAddress(String host, int port) {
    /** An http URL other hubs can reach: the bound host, or this machine's name when bound to every interface. */
    public String url() {
        String h = host;
        if (h == null || h.isEmpty() || "0.0.0.0".equals(h) || "::".equals(h)) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                h = "localhost";
            }
        }
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + port;
    }
}
