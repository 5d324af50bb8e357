package io.mcphub.node;

import io.mcphub.upstream.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration per coordinator: a {@link HeartbeatSender} (and its {@link CoordinatorClient}) for each URL the
 * configured {@code coordinatorUrl} resolves to, each with its own backoff, so that a coordinator that is down or
 * refuses never delays the others. The names are resolved again every {@code resolveEvery}: a coordinator that
 * appears gets a sender at once, one that disappears has its sender stopped (without deregistering: it is gone).
 *
 * <p><b>Threading:</b> safe for any thread; the set of links is a snapshot swapped under a lock.
 */
final class CoordinatorLinks {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorLinks.class);

    /** A coordinator this node reports to. */
    record Link(String url, CoordinatorClient client, HeartbeatSender sender) {}

    private final String configured;
    private final CoordinatorUrls.Resolver resolver;
    private final Function<String, Link> open;
    private final Scheduler timer;
    private final Executor blocking;
    private final Duration resolveEvery;
    private final CompletableFuture<NodeIdentity> firstRegistration = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile Map<String, Link> links = Map.of();
    private volatile boolean stopped;
    private ScheduledFuture<?> resolving;

    CoordinatorLinks(
            String configured,
            CoordinatorUrls.Resolver resolver,
            Function<String, Link> open,
            Scheduler timer,
            Executor blocking,
            Duration resolveEvery) {
        this.configured = configured;
        this.resolver = resolver;
        this.open = open;
        this.timer = timer;
        this.blocking = blocking;
        this.resolveEvery = resolveEvery;
    }

    /** Resolves the names and starts a sender per coordinator; then resolves again periodically. */
    void start() {
        refresh();
        resolving = timer.every(
                () -> {
                    try {
                        blocking.execute(this::refresh);
                    } catch (RejectedExecutionException e) {
                        // the engine is stopping
                    }
                },
                resolveEvery);
    }

    /** Brings the senders in line with what the names resolve to now. */
    void refresh() {
        List<String> urls = CoordinatorUrls.resolve(configured, resolver);
        List<Link> gone = new ArrayList<>();
        synchronized (lock) {
            if (stopped) {
                return;
            }
            Map<String, Link> next = new LinkedHashMap<>();
            for (String url : urls) {
                Link l = links.get(url);
                if (l == null) {
                    l = open.apply(url);
                    log.info("Node reports to coordinator {}", url);
                    l.sender().firstRegistration().thenAccept(firstRegistration::complete);
                    l.sender().start();
                }
                next.put(url, l);
            }
            for (Link l : links.values()) {
                if (!next.containsKey(l.url())) {
                    gone.add(l);
                }
            }
            // in the configured order: the first is where a node that knows only one would report
            links = Collections.unmodifiableMap(next);
        }
        for (Link l : gone) {
            log.info("Coordinator {} no longer resolves; the node stops reporting to it", l.url());
            l.sender().stop();
        }
    }

    /** The coordinators reported to now, in order. */
    Collection<Link> all() {
        return links.values();
    }

    List<String> urls() {
        return List.copyOf(links.keySet());
    }

    /** Stops resolving; the senders are stopped by the caller (after a drain, or at once). */
    void stopResolving() {
        synchronized (lock) {
            stopped = true;
        }
        if (resolving != null) {
            resolving.cancel(false);
        }
    }

    /** Completes when the first coordinator accepts the node. */
    CompletableFuture<NodeIdentity> firstRegistration() {
        return firstRegistration;
    }

    /** Registered with every coordinator it reports to (and with at least one). */
    boolean registered() {
        Collection<Link> all = links.values();
        return !all.isEmpty() && all.stream().allMatch(l -> l.sender().registered());
    }

    Optional<Instant> lastAck() {
        return links.values().stream()
                .map(l -> l.sender().lastAck())
                .filter(a -> a != null)
                .max(Instant::compareTo);
    }

    Optional<String> trouble() {
        return links.values().stream()
                .map(l -> l.sender().trouble())
                .filter(t -> t != null)
                .findFirst();
    }
}
