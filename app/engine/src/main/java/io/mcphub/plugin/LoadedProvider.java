package io.mcphub.plugin;

import io.mcphub.spi.PluginProvider;

/** A provider instance with the facts about where it came from. */
record LoadedProvider(PluginFamily family, PluginProvider<?> provider, String jar) {
    PluginInfo info() {
        String version;
        try {
            version = provider.version();
        } catch (RuntimeException e) {
            version = "unknown";
        }
        return new PluginInfo(family, provider.name(), version, jar);
    }
}
