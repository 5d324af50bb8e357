package io.mcphub.plugin;

import java.util.List;

/** The plugins could not be loaded; the start must stop. Lists every problem found, not just the first. */
public final class PluginLoadException extends RuntimeException {
    private final List<String> problems;

    public PluginLoadException(List<String> problems) {
        super("cannot load plugins:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
