package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.util.concurrent.CompletableFuture;

/**
 * One call as its caller sees it, however many steps it takes (a deferred send behind a handshake, failover
 * attempts on several replicas): it completes once, with a {@link CallOutcome}; failure is a value here, not an
 * exception. The step under way is attached with {@link #attach}, so that a cancel reaches whichever step is current.
 *
 * <p><b>Threading:</b> safe for any thread; the first completion wins. <b>Nullability:</b> nothing returns null.
 */
@ModeApi
public final class PendingCall {
    /** A step of a call that a client's cancel must reach (a request on the wire, a send waiting for its turn). */
    public interface Step {
        /** Stops the step; its owner completes the call with {@link CallOutcome.Cancelled} (or what came first). */
        void cancel(String reason);
    }

    private final CompletableFuture<CallOutcome> outcome = new CompletableFuture<>();
    private volatile Step step;
    private volatile String cancelledFor;

    /** A call whose steps its owner will attach and which it will complete. */
    public PendingCall() {}

    /** A call already decided (refused before it was sent, or answered by the hub itself). */
    public static PendingCall of(CallOutcome outcome) {
        PendingCall call = new PendingCall();
        call.outcome.complete(outcome);
        return call;
    }

    /**
     * Makes {@code next} the step a cancel reaches. A call already cancelled cancels it at once.
     *
     * @return false when the call was cancelled before (the step is cancelled too)
     */
    public boolean attach(Step next) {
        step = next;
        String reason = cancelledFor;
        if (reason != null) {
            next.cancel(reason);
            return false;
        }
        return true;
    }

    /** Ends the call with {@code result}; false when it had already ended. */
    public boolean complete(CallOutcome result) {
        return outcome.complete(result);
    }

    /** The client gave up: the current step hears of it; with no step under way the call ends as cancelled. */
    public void cancel(String reason) {
        String why = reason == null ? "cancelled" : reason;
        cancelledFor = why;
        Step s = step;
        if (s != null) {
            s.cancel(why);
        } else {
            outcome.complete(new CallOutcome.Cancelled(why));
        }
    }

    /** Whether the client cancelled the call. */
    public boolean cancelled() {
        return cancelledFor != null;
    }

    /** How the call ended. */
    public CompletableFuture<CallOutcome> outcome() {
        return outcome;
    }
}
