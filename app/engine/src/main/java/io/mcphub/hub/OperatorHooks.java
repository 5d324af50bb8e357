package io.mcphub.hub;

import io.mcphub.mode.HealthCheck;
import io.mcphub.mode.SessionDetails;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a mode plugin adds to the operator's views of the hub (health, sessions), held by the {@link Hub} so that the
 * HTTP shell and the mode context share it without knowing each other.
 *
 * <p><b>Threading:</b> safe for any thread. <b>Nullability:</b> {@link #sessionDetails()} is null until a plugin
 * sets one.
 */
public final class OperatorHooks {
    private final List<HealthCheck> healthChecks = new CopyOnWriteArrayList<>();
    private volatile SessionDetails sessionDetails;

    public void addHealthCheck(HealthCheck check) {
        healthChecks.add(check);
    }

    public List<HealthCheck> healthChecks() {
        return healthChecks;
    }

    public void sessionDetails(SessionDetails details) {
        this.sessionDetails = details;
    }

    public SessionDetails sessionDetails() {
        return sessionDetails;
    }
}
