package io.mcphub.manage;

import io.mcphub.config.HubSettings;
import io.mcphub.config.ServerConfig;
import io.mcphub.hub.Hub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link ConfigDiff} to a running hub: the settings first (so a new server finds its timeout), then servers
 * stopped, replaced, re-listed with new overrides, and started. Sessions on servers the diff does not name see nothing.
 */
final class LiveApplier {
    private static final Logger log = LoggerFactory.getLogger(LiveApplier.class);

    private LiveApplier() {}

    static void apply(Hub hub, HubSettings next, ConfigDiff diff) {
        hub.useSettings(ConfigDiff.live(hub.settings(), next));
        for (String name : diff.removed()) {
            hub.removeServer(name);
            log.info("Server {} removed", name);
        }
        for (ServerConfig s : diff.replaced()) {
            hub.removeServer(s.name());
            hub.addServer(s);
            log.info("Server {} changed: restarted with its new settings", s.name());
        }
        for (ServerConfig s : diff.overridesChanged()) {
            if (!hub.updateOverrides(s)) {
                hub.removeServer(s.name());
                hub.addServer(s);
            }
            log.info("Server {}: tool, prompt or resource overrides changed", s.name());
        }
        for (ServerConfig s : diff.added()) {
            hub.addServer(s);
            log.info("Server {} added", s.name());
        }
        if (!diff.restartOnly().isEmpty()) {
            log.warn("settings changed that apply only after a restart: {}", String.join(", ", diff.restartOnly()));
        }
    }
}
