package io.mcphub.coordinator.routing;

import io.mcphub.spi.RoutingRequest;
import io.mcphub.upstream.RequestOrigin;
import java.util.Optional;

/** A client's request as the routing plugins see it, read straight from its origin without copying headers. */
record OriginRoutingRequest(String session, String server, RequestOrigin origin) implements RoutingRequest {
    @Override
    public Optional<String> sessionId() {
        return Optional.ofNullable(session);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(origin.header(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(origin.cookie(name));
    }
}
