package io.mcphub.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads typed values out of a {@link ConfigView}, collecting every problem instead of stopping at the
 * first, so that a user sees all mistakes of a block in one start. Not thread-safe: one reader parses
 * one block, once, and is then thrown away.
 *
 * <p>Two kinds of out-of-range: below a hard minimum is an error; above a soft maximum is clamped to the
 * maximum with a warning (a ring of a million virtual nodes is a mistake, not a reason to refuse to
 * start).
 */
public final class ConfigReader {
    private final ConfigView view;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    /** A reader over {@code view}. */
    public ConfigReader(ConfigView view) {
        this.view = view;
    }

    /** The block being read. */
    public ConfigView view() {
        return view;
    }

    /** A boolean, or {@code def} when absent. */
    public boolean bool(String key, boolean def) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        if (v.get() instanceof Boolean b) {
            return b;
        }
        error(key, v.get(), "true or false");
        return def;
    }

    /** A non-blank string, or {@code def} when absent. */
    public String string(String key, String def) {
        return string(key, def, s -> !s.isBlank(), "a non-empty string");
    }

    /** A string accepted by {@code valid}, or {@code def} when absent; {@code expected} says what is valid. */
    public String string(String key, String def, Predicate<String> valid, String expected) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        if (v.get() instanceof String s && valid.test(s)) {
            return s;
        }
        error(key, v.get(), expected);
        return def;
    }

    /** One of {@code allowed}, compared ignoring case and returned as spelled in {@code allowed}. */
    public String oneOf(String key, String def, Collection<String> allowed) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        if (v.get() instanceof String s) {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(s.trim())) {
                    return a;
                }
            }
        }
        error(key, v.get(), "one of " + String.join(", ", allowed));
        return def;
    }

    /**
     * An integer of at least {@code min}; above {@code softMax} it is clamped to {@code softMax} with a
     * warning. {@code def} when absent.
     */
    public long integer(String key, long def, long min, long softMax) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        Object raw = v.get();
        if (!(raw instanceof Number n) || !isIntegral(n)) {
            error(key, raw, "an integer >= " + min);
            return def;
        }
        long x = n.longValue();
        if (x < min) {
            error(key, raw, "an integer >= " + min);
            return def;
        }
        if (x > softMax) {
            warn(key, raw, "at most " + softMax + "; using " + softMax);
            return softMax;
        }
        return x;
    }

    /**
     * A number of at least {@code min} (or, when {@code exclusiveMin}, above it); above {@code softMax}
     * it is clamped with a warning. {@code def} when absent.
     */
    public double number(String key, double def, double min, boolean exclusiveMin, double softMax) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        Object raw = v.get();
        String expected = "a number " + (exclusiveMin ? "> " : ">= ") + fmt(min);
        if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            error(key, raw, expected);
            return def;
        }
        double x = n.doubleValue();
        if (exclusiveMin ? x <= min : x < min) {
            error(key, raw, expected);
            return def;
        }
        if (x > softMax) {
            warn(key, raw, "at most " + fmt(softMax) + "; using " + fmt(softMax));
            return softMax;
        }
        return x;
    }

    /** The nested block under {@code key}; an empty block (all defaults) when absent, an error when not an object. */
    public ConfigView block(String key) {
        Optional<Object> v = view.get(key);
        if (v.isPresent() && !(v.get() instanceof ConfigView)) {
            error(key, v.get(), "an object");
        }
        return view.block(key).orElseGet(() -> ConfigView.empty(view.pathOf(key)));
    }

    /** Records an error about {@code key} in this block. */
    public void error(String key, Object raw, String expected) {
        errors.add(ConfigProblem.of(view.pathOf(key), raw, expected));
    }

    /** Records a warning about {@code key} in this block. */
    public void warn(String key, Object raw, String expected) {
        warnings.add(ConfigProblem.of(view.pathOf(key), raw, expected));
    }

    /** Adds the problems of a nested parse (a sub-block read by another reader). */
    public void addAll(ConfigResult<?> nested) {
        errors.addAll(nested.errors());
        warnings.addAll(nested.warnings());
    }

    /** The errors so far. */
    public List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    /** {@code value} with the warnings, or the errors when there were any. */
    public <T> ConfigResult<T> result(T value) {
        return errors.isEmpty() ? ConfigResult.ok(value, warnings) : ConfigResult.failed(errors);
    }

    private static boolean isIntegral(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return true;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
