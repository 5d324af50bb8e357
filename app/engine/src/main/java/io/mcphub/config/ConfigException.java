package io.mcphub.config;

import io.mcphub.spi.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A settings file that cannot be served; carries every problem found, not just the first, and the warnings. */
public final class ConfigException extends Exception {
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> warnings;

    public ConfigException(String source, List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        super("invalid settings in " + source + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public ConfigException(String source, List<ConfigProblem> problems) {
        this(source, problems, List.of());
    }

    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
        this.warnings = List.of();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Unknown keys found on the way; printed with the errors. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }
}
