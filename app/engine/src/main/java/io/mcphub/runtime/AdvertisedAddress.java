package io.mcphub.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where this hub listens: the bound host and the actual port (known only after the server started). */
record AdvertisedAddress(String host, int port) {
    /** An http URL other hubs can reach: the bound host, or this machine's name when bound to every interface. */
    String url() {
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
