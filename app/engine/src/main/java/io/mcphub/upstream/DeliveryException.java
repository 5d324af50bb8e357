package io.mcphub.upstream;

import java.io.IOException;

/**
 * A message that did not get through. {@code mayHaveReached} is false only when the peer certainly never saw it
 * (connection refused, process not running): only then may a request be sent again elsewhere.
 */
public final class DeliveryException extends IOException {
    private final boolean mayHaveReached;

    public DeliveryException(String message, boolean mayHaveReached, Throwable cause) {
        super(message, cause);
        this.mayHaveReached = mayHaveReached;
    }

    public boolean mayHaveReached() {
        return mayHaveReached;
    }
}
