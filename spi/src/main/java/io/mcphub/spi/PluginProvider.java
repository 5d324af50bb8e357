package io.mcphub.spi;

import java.util.regex.Pattern;

/**
 * What every provider of every family has: a unique lowercase name, a version, and a parser for its
 * config block. A provider is a tiny stateless factory, instantiated by {@link java.util.ServiceLoader}
 * through a public no-argument constructor; it must not do work or start threads when constructed.
 *
 * @param <C> the provider's immutable parsed config
 */
public interface PluginProvider<C> {

    /** The form of a valid name: lowercase letters, digits and dashes, starting with a letter. */
    Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * The name a config selects this provider by (e.g. {@code consistent-hash}); lowercase, matching
     * {@link #NAME}, unique within the family.
     */
    String name();

    /** The provider's version, for {@code --list-plugins}; by default the jar's Implementation-Version. */
    default String version() {
        String v =
                getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /**
     * Parses and validates this provider's config, once, at start. Never throws for bad input: every
     * problem is a {@link ConfigProblem} in the result, with the JSON path of the value. A missing block
     * arrives as an empty view and means all defaults.
     */
    ConfigResult<C> parse(ConfigView block);
}
