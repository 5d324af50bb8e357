package io.mcphub.spi;

import java.util.Objects;

/**
 * A header the hub adds to its response when a sticky strategy asks it to: a {@code Set-Cookie}, or an
 * echoed routing header.
 *
 * @param name  the header name
 * @param value the full header value (for a cookie, the whole {@code Set-Cookie} value with attributes)
 */
public record ResponseHeader(String name, String value) {
    public ResponseHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
