package io.mcphub.upstream;

import java.io.IOException;

/**
 * A message that did not get through. {@code mayHaveReached} is false only when the peer certainly never saw it
 * (connection refused, process not running): only then may a request be sent again elsewhere. The upstream client
 * turns it into a {@link CallOutcome} ({@code Refused} or {@code MayHaveRun}); it never reaches the router.
 */
public final class DeliveryException extends IOException {
    private final boolean mayHaveReached;
    private final boolean peerDown;

    public DeliveryException(String message, boolean mayHaveReached, Throwable cause) {
        this(message, mayHaveReached, false, cause);
    }

    /** @param peerDown the peer itself could not be reached (refused, process gone), not just this one message */
    public DeliveryException(String message, boolean mayHaveReached, boolean peerDown, Throwable cause) {
        super(message, cause);
        this.mayHaveReached = mayHaveReached;
        this.peerDown = peerDown;
    }

    public boolean mayHaveReached() {
        return mayHaveReached;
    }

    public boolean peerDown() {
        return peerDown;
    }
}
