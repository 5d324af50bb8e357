package io.mcphub.mode;

import io.mcphub.api.ApiRoutes;
import io.mcphub.metrics.HubMetrics;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.session.ClientSession;
import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.Threads;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamClient;
import io.mcphub.upstream.UpstreamEvents;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the engine offers a started mode plugin, and all it offers (after grpc's {@code LoadBalancer.Helper}): the
 * hub's servers, its management routes, its sessions as far as routing needs them, the cluster's settings that the
 * engine owns, and its threads. Thread-safe; every method may be called from any thread.
 */
public interface ModeContext {

    // ---- what the engine knows of the cluster ----

    /** The cluster secret ({@code systemConfig.cluster.secret} or {@code MCPHUB_CLUSTER_SECRET}), 16+ characters. */
    String clusterSecret();

    /** An http URL other hubs reach this hub at: its bound host (or this machine's name) and its actual port. */
    String advertisedUrl();

    /** Where the hub's HTTP server listens (the bound host and the real port). */
    AdvertisedAddress listening();

    /** The routing plugins that {@code systemConfig.cluster} selects, configured (sticky strategy, balancers). */
    ClusterRouting routing();

    // ---- the hub's servers ----

    /** Every server of the hub, local or added by a plugin, in order. */
    List<Upstream> upstreams();

    /** The names of the servers the hub runs itself (from {@code mcpServers}). */
    List<String> localServers();

    /** Adds a server to every endpoint that shows it; false (and nothing added) when the name is taken. */
    boolean addUpstream(Upstream upstream);

    /** Removes a server added with {@link #addUpstream(Upstream)}; its sessions hear that the lists changed. */
    void removeUpstream(Upstream upstream);

    /** Where a server added by a plugin reports what it sends on its own (notifications, requests, list changes). */
    UpstreamEvents events();

    /** Hears every change of a server's catalog or connection. Called on upstream threads: must not block. */
    void addCatalogListener(Consumer<Upstream> listener);

    /**
     * Tells the engine that the cluster changed: a node joined or left, its health or its servers changed. Operators'
     * live views (the dashboard's event stream) hear it. Cheap and non-blocking: call it from any listener.
     */
    void clusterChanged();

    /**
     * An MCP client connection (Streamable HTTP, not yet initialized) to {@code url}, e.g. another hub's
     * {@code /mcp/{server}}. Its transport is started; the caller runs the handshake and closes it. A peer that does
     * not accept the connection within 2 s counts as unreachable (a request then never reached it, and may fail over).
     *
     * @param headers sent on every request, e.g. the cluster secret
     */
    UpstreamClient connect(String name, URI url, Map<String, String> headers, UpstreamClient.Inbound inbound);

    // ---- the hub's clients ----

    /** The client session with this id; null when there is none (never opened, or ended). */
    ClientSession session(String id);

    /** How many client sessions are open and how many requests are in flight. */
    HubLoad load();

    /** Adds management endpoints under {@code /api/}. */
    ApiRoutes routes();

    // ---- operating the hub ----

    /** The hub's metrics: a plugin registers its meters on {@link HubMetrics#registry()} (they are no-ops when off). */
    HubMetrics metrics();

    /** Adds a field to {@code /health} and a condition to {@code /health/ready}. */
    void addHealthCheck(HealthCheck check);

    /**
     * Lets the plugin mint the ids of Streamable HTTP sessions and re-create a session from an id the hub does not
     * know (see {@link SessionIds}); the last call wins. Without it, ids are random and an unknown one is {@code 404}.
     */
    void sessionIds(SessionIds ids);

    /** Sets what {@code GET /api/sessions} shows of each session's placements. */
    void sessionDetails(SessionDetails details);

    // ---- threads ----

    /** The engine's one timer, for timeouts, sweeps and periodic work; its tasks must not block. */
    Scheduler scheduler();

    /** An executor for work that blocks (an HTTP call, a handshake): virtual threads where the JDK has them. */
    Executor blocking();

    /**
     * Whether this thread must not block: a client's MCP request served on the server's selector thread, which is
     * where {@link Upstream#call} and the strategies' and balancers' calls on its path usually run. A step that may
     * block (a connection to open, a wait for other hubs) goes to {@link #blocking()} when this is true.
     */
    default boolean mustNotBlock() {
        return Threads.inEventLoop();
    }
}
