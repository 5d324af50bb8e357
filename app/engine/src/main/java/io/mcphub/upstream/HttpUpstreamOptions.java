package io.mcphub.upstream;

import io.mcphub.config.ProxyConfig;
import io.mcphub.config.ServerConfig;
import io.mcphub.session.RequestContext;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What an HTTP upstream's settings add to its requests: the client to send them with (the shared one, or one going
 * through the server's {@code proxy}), the client request headers to pass through ({@code passthroughHeaders}),
 * and, for the links between the cluster's own hubs, the {@link PeerHttp} client that carries their POSTs.
 *
 * <p><b>Nullability:</b> {@code peer} is null for every upstream but a cluster peer.
 */
public record HttpUpstreamOptions(HttpClient client, List<String> passthroughHeaders, PeerHttp peer) {
    public static final HttpUpstreamOptions DEFAULT = new HttpUpstreamOptions(HttpClients.CLIENT, List.of(), null);
    /**
     * For a link to another hub of the cluster: POSTs on {@link PeerHttp} (the hot path of every proxied request),
     * the rest (streams, DELETE) on the JDK client with a short connect timeout (see {@link HttpClients#PEER_CLIENT}).
     */
    public static final HttpUpstreamOptions PEER =
            new HttpUpstreamOptions(HttpClients.PEER_CLIENT, List.of(), PeerHttp.SHARED);

    public HttpUpstreamOptions(HttpClient client, List<String> passthroughHeaders) {
        this(client, passthroughHeaders, null);
    }

    /** The options of a server's config; a proxied server gets an HttpClient of its own. */
    public static HttpUpstreamOptions of(ServerConfig config) {
        HttpClient client = config.proxy() == null ? HttpClients.CLIENT : proxied(config.proxy());
        return new HttpUpstreamOptions(client, config.passthroughHeaders());
    }

    /** An HTTP proxy (the settings refuse the others for HTTP servers: the JDK client speaks HTTP proxies only). */
    private static HttpClient proxied(ProxyConfig proxy) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Threads.blocking())
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port())));
        if (proxy.username() != null) {
            char[] password =
                    proxy.password() == null ? new char[0] : proxy.password().toCharArray();
            b.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(proxy.username(), password)
                            : null;
                }
            });
        }
        return b.build();
    }

    /**
     * Adds the named headers of the client's request that caused this one (MCPHub's {@code passthroughHeaders}).
     * Headers the JDK client manages itself (Host, Content-Length, ...) cannot be set and are skipped.
     */
    void passThrough(HttpRequest.Builder b, RequestContext context) {
        passThrough(context, (name, value) -> {
            try {
                b.header(name, value);
            } catch (IllegalArgumentException restricted) {
                // a restricted header: the client sets it, the upstream still gets its own
            }
        });
    }

    /** The same, to any sink of headers; the names a client library manages itself are the sink's to skip. */
    void passThrough(RequestContext context, BiConsumer<String, String> sink) {
        if (context == null || passthroughHeaders.isEmpty()) {
            return;
        }
        for (String name : passthroughHeaders) {
            String value = context.http().header(name);
            if (value != null) {
                sink.accept(name, value);
            }
        }
    }
}
