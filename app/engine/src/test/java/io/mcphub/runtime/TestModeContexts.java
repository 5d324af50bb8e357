package io.mcphub.runtime;

import io.mcphub.api.ApiRoutes;
import io.mcphub.hub.Hub;
import io.mcphub.mode.AdvertisedAddress;
import io.mcphub.mode.ModeContext;

/** The engine's real {@link ModeContext} over a hub a test started, for testing a mode plugin's parts alone. */
public final class TestModeContexts {
    private TestModeContexts() {}

    /** The context a mode plugin would get on {@code hub}, with no routing plugins and the given cluster secret. */
    public static ModeContext of(Hub hub, String secret) {
        return new EngineModeContext(hub, new ApiRoutes(), null, secret, new AdvertisedAddress("127.0.0.1", 0));
    }
}
