package io.mcphub.plugin;

import java.util.List;

/**
 * The config selects plugins that do not exist or gives them invalid options; each error is {@code path: value
 * (expected: ...)}.
 */
public final class PluginConfigException extends RuntimeException {
    private final List<String> errors;

    public PluginConfigException(List<String> errors) {
        super("invalid plugin config:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
