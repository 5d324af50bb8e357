package io.mcphub.upstream;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** The shared JDK HttpClient for HTTP upstreams, and how to read its failures. */
final class HttpClients {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(Threads.blocking())
            .build();

    /**
     * For links between the cluster's own hubs (coordinator to node). A peer on the cluster network answers a
     * connection attempt in milliseconds; one that does not is gone (a killed container's address drops packets rather
     * than refusing them), and failover should not wait the 10 s a remote server on the internet may need.
     */
    static final HttpClient PEER_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Threads.blocking())
            .build();

    private HttpClients() {}

    /**
     * Sends on a {@link Threads#blocking()} thread with the blocking {@code send}, and completes the future there.
     * Not {@code sendAsync}: with an executor of its own, the JDK's client hands every answer to
     * {@code CompletableFuture}'s default async pool, which is a new thread per task when the common pool has a
     * parallelism of 1 (any machine with 2 cores or fewer): a thread started and ended per request. Measured with
     * the benchmarks (docs/benchmarks.md, part 2).
     */
    static <T> CompletableFuture<HttpResponse<T>> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return exchange(CLIENT, request, handler);
    }

    /** {@link #exchange(HttpRequest, HttpResponse.BodyHandler)} on a given client (a server's proxied one). */
    static <T> CompletableFuture<HttpResponse<T>> exchange(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        try {
            Threads.blocking().execute(() -> {
                try {
                    result.complete(client.send(request, handler));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(e);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** True when the failure happened before the request could have reached the server. */
    static boolean neverReached(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }
}
