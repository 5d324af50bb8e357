package io.mcphub.upstream;

import io.mcphub.mode.ModeApi;
import java.time.Instant;

/** A server's state as MCPHub reports it (connecting, connected, disconnected; ours: disabled), with the last error. */
@ModeApi
public record UpstreamStatus(State state, String lastError, Instant since, int restarts) {
    public enum State {
        CONNECTING("connecting"),
        CONNECTED("connected"),
        DISCONNECTED("disconnected"),
        DISABLED("disabled");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean connected() {
        return state == State.CONNECTED;
    }

    /** Whether the server's first connection attempt has ended (connected, or failed at least once). */
    public boolean attempted() {
        return state != State.CONNECTING || restarts > 0;
    }
}
