package io.mcphub.upstream;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** The shared JDK HttpClient for HTTP upstreams, and how to read its failures. */
final class HttpClients {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(Threads.blocking())
            .build();

    private HttpClients() {}

    /** True when the failure happened before the request could have reached the server. */
    static boolean neverReached(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }
}
