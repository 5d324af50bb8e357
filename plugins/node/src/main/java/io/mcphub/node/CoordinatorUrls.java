package io.mcphub.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The coordinators a node reports to: the configured URLs (several, comma-separated in the env form), and each
 * name whose DNS answers several addresses (a Kubernetes headless Service) taken as one coordinator per address.
 * A name that resolves to one address, or not at all, stays as written (a Service's virtual IP, a name not yet in
 * DNS): the node keeps trying it.
 */
final class CoordinatorUrls {
    /** Looks a host up; the JDK's resolver in production, a table in tests. */
    interface Resolver {
        List<InetAddress> all(String host) throws UnknownHostException;
    }

    static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private CoordinatorUrls() {}

    /** The comma-separated items of {@code text}, trimmed, empty ones dropped. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String t = item.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Every coordinator URL, in order, without duplicates: names with several addresses expanded. */
    static List<String> resolve(String configured, Resolver resolver) {
        Set<String> out = new LinkedHashSet<>();
        for (String url : split(configured)) {
            out.addAll(expand(url, resolver));
        }
        return List.copyOf(out);
    }

    private static List<String> expand(String url, Resolver resolver) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null || isLiteral(host)) {
            return List.of(url);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.all(host);
        } catch (UnknownHostException e) {
            return List.of(url);
        }
        if (addresses.size() < 2) {
            return List.of(url);
        }
        List<String> out = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            String h = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            out.add(uri.getScheme() + "://" + h + port + path);
        }
        return out;
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
