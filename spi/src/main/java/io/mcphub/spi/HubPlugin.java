package io.mcphub.spi;

/**
 * A mode plugin: behaviour added to the hub engine (the coordinator's node registry and placement, the
 * node's registration and heartbeats). The engine never names a mode; it starts whichever plugin the
 * config selects, and stops it on shutdown.
 */
public interface HubPlugin {

    /** Starts the plugin's work; returns once it is running. */
    void start(HubContext context) throws Exception;

    /** Stops the plugin's work and releases what it holds; called once, also after a failed start. */
    void stop();

    /**
     * Stops at once, without the goodbyes {@link #stop()} would say (a node does not deregister): what a crash
     * looks like from outside. Used by tests and harnesses; by default the same as {@link #stop()}.
     */
    default void halt() {
        stop();
    }
}
