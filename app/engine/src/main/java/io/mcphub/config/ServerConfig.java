package io.mcphub.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code mcpServers}. {@code startError} is set when the entry can be read but not started
 * (an unset {@code ${VAR}}, a type this hub does not run): the server is reported down and the hub serves
 * the others. {@code perSession} (MCPHub's {@code perSessionClient}) gives every client session a connection of its
 * own, for stateful servers and for servers that ask the client things (sampling, elicitation, roots) over stdio.
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
        boolean perSession,
        String startError) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
}
