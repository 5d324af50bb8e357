package io.mcphub.node;

import io.mcphub.mode.AdvertisedAddress;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

/**
 * The URL a node advertises when neither {@code node.url} nor {@code MCPHUB_NODE_URL} says it. A node bound to one
 * address advertises that address. A node bound to every interface (0.0.0.0, the default) advertises the local
 * address its traffic to the coordinator leaves from: 127.0.0.1 for a coordinator on the same machine, the
 * container's or pod's address on a cluster network. The machine's host name, the alternative, often does not
 * resolve on the coordinator's side. Always with the port the node really listens on.
 */
final class RouteAddress {
    private RouteAddress() {}

    static String url(AdvertisedAddress bound, String coordinatorUrl) {
        if (!isWildcard(bound.host())) {
            return bound.url();
        }
        InetAddress local = localAddressToward(coordinatorUrl);
        if (local == null) {
            return bound.url();
        }
        String host = local.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return "http://" + (local instanceof Inet6Address ? "[" + host + "]" : host) + ":" + bound.port();
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    /**
     * The source address the kernel picks for packets to the coordinator. Connecting a UDP socket sends nothing: it
     * only asks the routing table. Null when the coordinator's host does not resolve (yet) or has no route.
     */
    private static InetAddress localAddressToward(String coordinatorUrl) {
        try {
            URI uri = URI.create(coordinatorUrl);
            if (uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(InetAddress.getByName(uri.getHost()), port);
                InetAddress local = socket.getLocalAddress();
                return local == null || local.isAnyLocalAddress() ? null : local;
            }
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
