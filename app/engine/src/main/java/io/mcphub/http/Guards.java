package io.mcphub.http;

import io.javalin.http.Context;
import io.mcphub.api.Secrets;
import io.mcphub.config.GroupConfig;
import io.mcphub.config.HttpConfig;
import io.mcphub.config.RoutingConfig;
import io.mcphub.jsonrpc.JsonRpc;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The checks before any MCP or API handler: DNS-rebinding protection (Host on loopback connections, Origin when a
 * browser sends one) and MCPHub's bearer key.
 */
final class Guards {
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]", "::1");
    /** This machine's own name (Debian maps it to 127.0.1.1): no rebinding attack can make a browser use it. */
    private static final String LOCAL_HOST_NAME = localHostName();

    private final RoutingConfig routing;
    private final HttpConfig http;
    private final BearerAuth bearer;
    private final String clusterSecret;

    /** @param clusterSecret admits other hubs of the cluster in place of the bearer key; null outside a cluster */
    Guards(RoutingConfig routing, HttpConfig http, List<GroupConfig> groups, String clusterSecret) {
        this.routing = routing;
        this.http = http;
        this.bearer = new BearerAuth(routing, groups);
        this.clusterSecret = clusterSecret;
    }

    /** What the guards read of a request, whichever layer serves it. */
    interface Request {
        /** The first value of a header, or null. */
        String header(String name);

        /** The address the connection reached, as a literal (null when unknown). */
        String localAddress();

        /** The route's {@code {name}}, or null. */
        String name();

        /** Whether this is the legacy SSE transport's {@code /messages}. */
        boolean messagesPath();
    }

    /** A request Javalin serves. */
    private record JavalinRequest(Context ctx) implements Request {
        @Override
        public String header(String name) {
            return ctx.header(name);
        }

        @Override
        public String localAddress() {
            return ctx.req().getLocalAddr();
        }

        @Override
        public String name() {
            return ctx.pathParamMap().get("name");
        }

        @Override
        public boolean messagesPath() {
            return ctx.path().endsWith("/messages");
        }
    }

    /** Lets the request go on, or refuses it with an {@link HttpProblem}. */
    void admit(Context ctx, boolean requireAuth) {
        admit(new JavalinRequest(ctx), requireAuth);
    }

    /** Lets the request go on, or refuses it with an {@link HttpProblem}. */
    void admit(Request ctx, boolean requireAuth) {
        // other hubs of the cluster are not browsers: the secret is their proof, whatever Host they use
        if (Secrets.matches(ctx.header(Secrets.CLUSTER_HEADER), clusterSecret)) {
            return;
        }
        String host = hostName(ctx.header("Host"));
        if (loopbackConnection(ctx)
                && host != null
                && !LOOPBACK_NAMES.contains(host)
                && !http.allowedHosts().contains(host)
                && !host.equals(LOCAL_HOST_NAME)) {
            throw new HttpProblem(
                    403,
                    JsonRpc.TRANSPORT_ERROR,
                    "Forbidden: Host '" + host + "' is not allowed on a"
                            + " loopback address (DNS rebinding protection; add it to systemConfig.http.allowedHosts)");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !originAllowed(origin, host)) {
            throw new HttpProblem(
                    403,
                    JsonRpc.TRANSPORT_ERROR,
                    "Forbidden: Origin '" + origin + "' is not allowed"
                            + " (add it to systemConfig.http.allowedOrigins)");
        }
        if (requireAuth && routing.enableBearerAuth() && !bearer.admits(ctx.header("Authorization"), target(ctx))) {
            throw new HttpProblem(
                            401,
                            JsonRpc.TRANSPORT_ERROR,
                            "Unauthorized: a valid 'Authorization: Bearer <key>' header is required")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"mcphub\"");
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** What the request reaches, for a bearer key's scope: the route's {@code {name}}, or everything. */
    private BearerAuth.Target target(Request ctx) {
        String name = ctx.name();
        if (name != null) {
            return bearer.target(name);
        }
        return ctx.messagesPath() ? BearerAuth.Target.SESSION : BearerAuth.Target.EVERYTHING;
    }

    private boolean originAllowed(String origin, String host) {
        if (http.allowedOrigins().contains("*") || http.allowedOrigins().contains(origin)) {
            return true;
        }
        String originHost;
        try {
            originHost = URI.create(origin).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (originHost == null) {
            return false;
        }
        originHost = originHost.toLowerCase(Locale.ROOT);
        if (LOOPBACK_NAMES.contains(originHost)) {
            return true;
        }
        // same-origin pages of the hub itself; Host on loopback connections was checked above
        return originHost.equals(host);
    }

    private static boolean loopbackConnection(Request ctx) {
        String local = ctx.localAddress();
        if (local == null) {
            return false;
        }
        // the usual literals without parsing an address per request (it showed in the coordinator's profile)
        if (local.startsWith("127.") || local.equals("::1") || local.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (local.indexOf(':') < 0 && !local.isEmpty() && Character.isDigit(local.charAt(0))) {
            return false; // any other IPv4 literal
        }
        try {
            return InetAddress.getByName(local).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    /** The host part of a Host header, lowercased, without the port. */
    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
