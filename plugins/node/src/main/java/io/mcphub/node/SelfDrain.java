package io.mcphub.node;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clean stop's first step: asks the coordinator to drain this node (no new placements; its sessions move to other
 * replicas at their next request) and waits, at most {@code timeout}, until the coordinator has no session left
 * here. The heartbeats go on meanwhile, so the node stays healthy for the sessions that have not moved yet. A
 * coordinator that cannot be reached ends the wait at once: nothing would move anyway.
 */
final class SelfDrain implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SelfDrain.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final CoordinatorClient client;
    private final String nodeId;
    private final Duration timeout;

    SelfDrain(CoordinatorClient client, String nodeId, Duration timeout) {
        this.client = client;
        this.nodeId = nodeId;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left = -1;
        try {
            while (true) {
                CoordinatorClient.Reply reply = client.drain(nodeId, CALL_TIMEOUT);
                if (!reply.ok()) {
                    log.warn("Coordinator {} refused to drain node {}: {}", client.baseUrl(), nodeId, reply.message());
                    return;
                }
                left = reply.data().path("sessions").asInt(0);
                if (left == 0) {
                    log.info("Node {} drained: no session left on it", nodeId);
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    break;
                }
                // the coordinator tells no one when the last session leaves: ask again shortly
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
            log.warn(
                    "Node {} still had {} sessions after {} ms of draining; stopping anyway (they move on their next"
                            + " request)",
                    nodeId,
                    left,
                    timeout.toMillis());
        } catch (IOException e) {
            log.warn("Could not drain node {} through coordinator {}: {}", nodeId, client.baseUrl(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
