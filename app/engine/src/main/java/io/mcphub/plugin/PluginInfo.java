package io.mcphub.plugin;

/**
 * One row of {@code --list-plugins}: a provider and where it came from.
 *
 * @param family  the family
 * @param name    the name a config selects it by
 * @param version its version, or {@code unknown}
 * @param jar     the jar (or classes directory) it was loaded from
 */
public record PluginInfo(PluginFamily family, String name, String version, String jar) {}
