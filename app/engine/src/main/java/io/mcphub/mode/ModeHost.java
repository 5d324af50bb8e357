package io.mcphub.mode;

import io.mcphub.spi.HubPlugin;
import java.util.Optional;

/** A running hub as a harness holds it: what lets a test reach the mode plugin it started, typed. */
public interface ModeHost {

    /** The mode plugin this hub runs; empty in standalone mode. */
    Optional<HubPlugin> plugin();
}
