package io.mcphub.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code mcpServers}. {@code startError} is set when the entry can be read but not started
 * (an unset {@code ${VAR}}, a type this hub does not run): the server is reported down and the hub serves
 * the others. {@code perSession} (MCPHub's {@code perSessionClient}) gives every client session a connection of its
 * own, for stateful servers and for servers that ask the client things (sampling, elicitation, roots) over stdio.
 *
 * @param resources          per-resource overrides, by URI
 * @param passthroughHeaders client request headers forwarded to an HTTP server on each request
 * @param keepAlive          the interval of MCPHub's keep-alive pings (SSE servers by default, any server with
 *                           {@code enableKeepAlive}); null for none
 * @param startOnDemand      started on its first call instead of at start, stopped after {@code idleTimeout}
 * @param proxy              the proxy its traffic goes through; null for none
 * @param protocol           the MCP era spoken to it ({@code protocol}: auto, 2025-11-25 or 2026-07-28)
 */
public record ServerConfig(
        String name,
        TransportType type,
        String command,
        List<String> args,
        Map<String, String> env,
        String url,
        Map<String, String> headers,
        boolean enabled,
        Duration timeout,
        boolean resetTimeoutOnProgress,
        Duration maxTotalTimeout,
        Map<String, ItemOverride> tools,
        Map<String, ItemOverride> prompts,
        Map<String, ItemOverride> resources,
        List<String> passthroughHeaders,
        Duration keepAlive,
        boolean startOnDemand,
        Duration idleTimeout,
        ProxyConfig proxy,
        boolean perSession,
        UpstreamProtocol protocol,
        String startError) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** MCPHub's default keep-alive interval. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    /** MCPHub's default idle time before an on-demand server is stopped. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
}
