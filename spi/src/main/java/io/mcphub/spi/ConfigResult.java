package io.mcphub.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing a config block: either a value, possibly with warnings (a key the parser does
 * not know, which may be a typo), or the list of errors that prevent the start. After gRPC's
 * {@code ConfigOrError}: parsing reports, it does not throw.
 *
 * @param <T> the parsed, immutable config
 */
public final class ConfigResult<T> {
    private final T value;
    private final List<ConfigProblem> errors;
    private final List<ConfigProblem> warnings;

    private ConfigResult(T value, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        this.value = value;
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /** A valid config. */
    public static <T> ConfigResult<T> ok(T value) {
        return new ConfigResult<>(Objects.requireNonNull(value, "value"), List.of(), List.of());
    }

    /** A valid config that needed adjusting; the warnings say how. */
    public static <T> ConfigResult<T> ok(T value, List<ConfigProblem> warnings) {
        return new ConfigResult<>(Objects.requireNonNull(value, "value"), List.of(), warnings);
    }

    /** An invalid config; {@code errors} must not be empty. */
    public static <T> ConfigResult<T> failed(List<ConfigProblem> errors) {
        return failed(errors, List.of());
    }

    /** An invalid config, with the warnings found on the way; {@code errors} must not be empty. */
    public static <T> ConfigResult<T> failed(List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a failed result needs at least one error");
        }
        return new ConfigResult<>(null, errors, warnings);
    }

    /** True when the config is usable. */
    public boolean isOk() {
        return errors.isEmpty();
    }

    /**
     * The parsed config.
     *
     * @throws IllegalStateException when the result failed; check {@link #isOk()} first
     */
    public T value() {
        if (!isOk()) {
            throw new IllegalStateException("config has errors: " + errors);
        }
        return value;
    }

    /** The errors; empty when {@link #isOk()}. */
    public List<ConfigProblem> errors() {
        return errors;
    }

    /** What is accepted but probably not meant (unknown keys); the hub logs them, {@code --strict} refuses them. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return isOk()
                ? "ok(" + value + (warnings.isEmpty() ? "" : ", warnings=" + warnings) + ")"
                : "failed(" + errors + ")";
    }
}
