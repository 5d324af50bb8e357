package io.mcphub.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Handler;
import io.javalin.router.EndpointNotFound;
import io.mcphub.api.ApiRoutes;
import io.mcphub.config.ClusterConfig;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.manage.Management;
import io.mcphub.upstream.Threads;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin shell around a {@link Hub}: routes, guards and the server's threads and timeouts, and the one place
 * where a refused request ({@link HttpProblem}) becomes its reply. Nothing else.
 *
 * <p><b>Threading:</b> start and stop from one thread. <b>Nullability:</b> nothing returns null.
 */
public final class HubServer {
    private static final Logger log = LoggerFactory.getLogger(HubServer.class);
    /** Longer than any keep-alive interval, so open SSE streams are never cut for idleness. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Without virtual threads every open stream holds a platform thread. */
    private static final int PLATFORM_THREADS = 1000;

    private final Hub hub;
    private final Javalin app;
    private final String host;
    private final int requestedPort;

    public HubServer(Hub hub, String host, int port) {
        this(hub, host, port, new ApiRoutes());
    }

    /** @param routes endpoints mode plugins add under /api/ */
    public HubServer(Hub hub, String host, int port, ApiRoutes routes) {
        this(hub, host, port, routes, Management.inMemory(hub));
    }

    /**
     * @param routes     endpoints mode plugins add under /api/
     * @param management the settings edits the management routes make (saved to the settings file, if it has one)
     */
    public HubServer(Hub hub, String host, int port, ApiRoutes routes, Management management) {
        this.hub = hub;
        this.host = host;
        this.requestedPort = port;
        ClusterConfig cluster = hub.settings().cluster();
        Guards guards = new Guards(
                hub.settings().routing(),
                hub.settings().http(),
                hub.settings().groups(),
                cluster.clustered() ? cluster.secret() : null);
        String basePath = hub.settings().http().basePath();
        PluginApi pluginApi = new PluginApi(basePath, routes, guards);
        StreamableHttpHandler mcp = new StreamableHttpHandler(hub);
        LegacySseHandler sse = new LegacySseHandler(hub);
        HealthApi health = new HealthApi(hub);
        MetricsEndpoint metrics = new MetricsEndpoint(hub.metrics());
        SessionAdminApi sessionAdmin = new SessionAdminApi(hub);
        ManagementRoutes manage =
                new ManagementRoutes(management, hub.settings().http().maxBodyBytes());
        Dashboard dashboard = new Dashboard(hub, guards);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            // MCPHub's BASE_PATH prefixes every route, /health included
            cfg.router.contextPath = basePath.isEmpty() ? "/" : basePath;
            cfg.concurrency.useVirtualThreads = Threads.virtual();
            cfg.jetty.threadPool = EdgeThreadPools.create(PLATFORM_THREADS);
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c = new EdgeConnector(server, new HttpConnectionFactory(httpConfig));
                c.setHost(host);
                c.setPort(port);
                c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return c;
            });
            // POST /mcp and /mcp/{name}, and the plugins' API routes, are served ahead of Javalin; Javalin appends its
            // own handler to this sequence and serves whatever those let through
            McpPostHandler mcpPost = new McpPostHandler(basePath, guards, mcp);
            cfg.jetty.modifyServer(server -> mcpPost.installAhead(server, pluginApi));
            Handler mcpGet = guarded(guards, true, mcp::get);
            Handler mcpDelete = guarded(guards, true, mcp::delete);
            cfg.routes.get("/mcp", mcpGet);
            cfg.routes.delete("/mcp", mcpDelete);
            cfg.routes.get("/mcp/{name}", mcpGet);
            cfg.routes.delete("/mcp/{name}", mcpDelete);
            cfg.routes.get("/sse", guarded(guards, true, sse::get));
            cfg.routes.get("/sse/{name}", guarded(guards, true, sse::get));
            cfg.routes.post("/messages", guarded(guards, true, sse::post));
            // liveness and readiness: probes carry no key; /metrics has its own token (METRICS_TOKEN)
            cfg.routes.get("/health", guarded(guards, false, health::live));
            cfg.routes.get("/health/ready", guarded(guards, false, health::ready));
            cfg.routes.get("/metrics", guarded(guards, false, metrics::scrape));
            cfg.routes.get("/api/sessions", guarded(guards, true, sessionAdmin::list));
            cfg.routes.delete("/api/sessions/{id}", guarded(guards, true, sessionAdmin::end));
            manage.register(cfg.routes, h -> guarded(guards, true, h));
            dashboard.register(cfg);
            cfg.routes.get("/api/*", pluginApi::notFound);
            cfg.routes.post("/api/*", pluginApi::notFound);
            cfg.routes.delete("/api/*", pluginApi::notFound);
            // the one place where a refused request becomes its reply
            cfg.routes.exception(HttpProblem.class, (e, ctx) -> e.reply(ctx));
            // no route matched: Javalin's own answer is plain text, and the error(404) handler below sees it as set
            cfg.routes.exception(
                    EndpointNotFound.class,
                    (e, ctx) -> HttpReplies.rpcError(
                            ctx, 404, JsonRpc.TRANSPORT_ERROR, "Not found: " + ctx.method() + " " + ctx.path()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                HttpReplies.rpcError(
                        ctx,
                        500,
                        JsonRpc.INTERNAL_ERROR,
                        "Internal error: " + e.getClass().getSimpleName());
            });
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    HttpReplies.rpcError(ctx, 404, JsonRpc.TRANSPORT_ERROR, "Not found: " + ctx.path());
                }
            });
            cfg.routes.error(405, "*", ctx -> {
                if (ctx.result() == null) {
                    HttpReplies.rpcError(
                            ctx,
                            405,
                            JsonRpc.TRANSPORT_ERROR,
                            "Method not allowed: " + ctx.method() + " " + ctx.path());
                }
            });
        });
    }

    private static Handler guarded(Guards guards, boolean auth, Handler handler) {
        return ctx -> {
            guards.admit(ctx, auth);
            handler.handle(ctx);
        };
    }

    /** Starts listening; a host or port it cannot listen on is an {@link IllegalStateException} saying which. */
    public HubServer start() {
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(BindFailure.describe(host, requestedPort, e), e);
        }
        log.info(
                "mcphub listening on port {} ({} servers; threads: {})",
                port(),
                hub.upstreams().size(),
                Threads.virtual() ? "virtual" : "platform");
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    public Hub hub() {
        return hub;
    }
}
