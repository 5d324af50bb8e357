package io.mcphub.mode;

import io.mcphub.spi.HubPlugin;

/** A mode plugin: behaviour added to the hub engine, started once the hub's HTTP server knows its port. */
public interface ModePlugin extends HubPlugin {

    /**
     * Starts the plugin's work with what the engine offers it; returns once it is running. An exception stops the
     * hub's start, with its message.
     */
    void start(ModeContext context) throws Exception;
}
