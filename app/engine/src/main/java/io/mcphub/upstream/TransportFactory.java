package io.mcphub.upstream;

import io.mcphub.config.ServerConfig;
import java.net.URI;

/** Makes the transport a server's config asks for. */
public interface TransportFactory {
    UpstreamTransport create(ServerConfig config);

    TransportFactory DEFAULT = config -> switch (config.type()) {
        case STDIO -> new StdioTransport(config.name(), config.command(), config.args(), config.env());
        case STREAMABLE_HTTP ->
            new StreamableHttpTransport(
                    config.name(), URI.create(config.url()), config.headers(), HttpUpstreamOptions.of(config));
        case SSE ->
            new SseTransport(config.name(), URI.create(config.url()), config.headers(), HttpUpstreamOptions.of(config));
        case OPENAPI -> throw new IllegalArgumentException("type openapi is not supported");
    };
}
