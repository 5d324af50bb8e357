package io.mcphub.coordinator;

import java.time.Instant;
import java.util.List;

/** Where each client session's servers are placed: what the management API shows. */
public interface SessionPlacements {
    record Placement(String server, String nodeId, Instant lastUsed) {}

    /** The placements of one client session; null when the coordinator has no such session. */
    List<Placement> placements(String sessionId);

    /** How many client sessions have at least one placement. */
    int sessionCount();
}
