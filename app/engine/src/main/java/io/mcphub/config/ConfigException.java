package io.mcphub.config;

import java.util.List;
import java.util.stream.Collectors;

/** A settings file that cannot be served; carries every problem found, not just the first. */
public final class ConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super("invalid settings in " + source + ":\n" + problems.stream()
                .map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
