package io.mcphub.plugins.balancing;

/**
 * The {@code least-connections} options, from {@code loadBalancing["least-connections"]}.
 *
 * @param countSessions count the sessions placed on a node (what matters when sessions are sticky)
 * @param countInFlight count the requests in flight to it (what matters when every request is balanced)
 */
public record LeastConnectionsConfig(boolean countSessions, boolean countInFlight) {
    /** {@code metric}: {@code sessions}, {@code in-flight} or {@code both} (the default). */
    static LeastConnectionsConfig of(String metric) {
        return new LeastConnectionsConfig(!metric.equals("in-flight"), !metric.equals("sessions"));
    }
}
