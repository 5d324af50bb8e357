package io.mcphub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: a server-sent event stream that tells the dashboard what changed, so that it re-reads only
 * that part of the API. Two kinds, each a version number: {@code servers} (a server's status or catalog) and
 * {@code cluster} (membership or health, from the mode plugin). A burst of changes is one event per kind: a
 * subscriber that was busy writing sees only the latest versions.
 *
 * <p><b>Threading:</b> {@link #serversChanged()} and {@link #clusterChanged()} come from upstream and plugin threads
 * and only bump a counter under a short lock; each stream's request thread waits and writes. <b>Nullability:</b>
 * none.
 */
final class DashboardEvents {
    private static final Logger log = LoggerFactory.getLogger(DashboardEvents.class);
    /** Enough for every operator's tab; a runaway client cannot hold the hub's threads. */
    static final int MAX_STREAMS = 64;
    /** How long a browser waits before it reconnects after the stream drops. */
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Duration keepAlive;
    private final String mode;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger open = new AtomicInteger();
    private long servers;
    private long cluster;
    private boolean closed;

    /** @param mode the hub's cluster mode ({@code standalone}, {@code coordinator}, ...), told to each subscriber */
    DashboardEvents(Duration keepAlive, String mode) {
        this.keepAlive = keepAlive;
        this.mode = mode;
    }

    void serversChanged() {
        bump(true);
    }

    void clusterChanged() {
        bump(false);
    }

    private void bump(boolean server) {
        lock.lock();
        try {
            if (server) {
                servers++;
            } else {
                cluster++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends every stream (the server is stopping). */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Serves one subscriber until it goes away or the hub stops. */
    void stream(Context ctx) throws IOException {
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new HttpProblem(
                    503, JsonRpc.TRANSPORT_ERROR, "Too many event streams open (" + MAX_STREAMS + "); try again later");
        }
        try {
            SseOutput out = SseOutput.open(ctx.res(), null);
            long[] seen = versions();
            out.retry(RETRY);
            out.named("hello", hello(seen).toString());
            out.flush();
            pump(out, seen);
        } catch (IOException e) {
            log.debug("dashboard event stream dropped: {}", e.toString());
        } finally {
            open.decrementAndGet();
        }
    }

    private void pump(SseOutput out, long[] seen) throws IOException {
        while (true) {
            long[] now = awaitChange(seen);
            if (now == null) {
                return;
            }
            if (now[0] != seen[0]) {
                out.named("servers", Json.object().put("version", now[0]).toString());
            }
            if (now[1] != seen[1]) {
                out.named("cluster", Json.object().put("version", now[1]).toString());
            }
            if (now[0] == seen[0] && now[1] == seen[1]) {
                out.keepAlive();
            }
            out.flush();
            seen = now;
        }
    }

    /** The versions once they differ from {@code seen}, or as they are after the keep-alive interval; null: closed. */
    private long[] awaitChange(long[] seen) {
        lock.lock();
        try {
            long nanos = keepAlive.toNanos();
            while (!closed && servers == seen[0] && cluster == seen[1] && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return closed ? null : new long[] {servers, cluster};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private long[] versions() {
        lock.lock();
        try {
            return new long[] {servers, cluster};
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode hello(long[] seen) {
        return Json.object().put("mode", mode).put("servers", seen[0]).put("cluster", seen[1]);
    }

    /** How many streams are open (for tests). */
    int openStreams() {
        return open.get();
    }
}
