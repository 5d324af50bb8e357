package io.mcphub.spi;

/**
 * A mode plugin as the plugin registry and the running hub hold it: something that was started and must be
 * stopped. How it starts is not part of this JDK-only contract: a mode plugin adds behaviour to the engine, so it is
 * started with the engine's own API for mode plugins ({@code io.mcphub.mode.ModePlugin#start(ModeContext)} in the
 * engine module), which says what such a plugin may do.
 */
public interface HubPlugin {

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
