package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;

/** The server answered initialize with an error, or could not be reached: the outcome says which. */
@ModeApi
public final class HandshakeException extends IllegalStateException {
    private final transient CallOutcome outcome;

    public HandshakeException(CallOutcome outcome) {
        super("initialize failed: " + CallOutcome.message(outcome));
        this.outcome = outcome;
    }

    /** How the initialize request ended (an answer with an error, or a failure of the connection). */
    public CallOutcome outcome() {
        return outcome;
    }
}
