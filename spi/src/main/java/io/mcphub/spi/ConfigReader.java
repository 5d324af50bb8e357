package io.mcphub.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads typed values out of a {@link ConfigView}, collecting every problem instead of stopping at the
 * first, so that a user sees all mistakes of a block in one start. Not thread-safe: one reader parses
 * one block, once, and is then thrown away.
 *
 * <p>One policy for out-of-range values, everywhere: a value outside its range is an error that states the range
 * ({@code virtualNodes: 50000 (expected: an integer from 1 to 4096)}); nothing is clamped silently. Warnings are for
 * keys the reader does not know ({@link #knownKeys(Collection)}), which may be typos.
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

    /** An integer from {@code min} to {@code max} (inclusive), or {@code def} when absent; outside is an error. */
    public long integer(String key, long def, long min, long max) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        Object raw = v.get();
        String expected = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        if (!(raw instanceof Number n) || !isIntegral(n) || n.longValue() < min || n.longValue() > max) {
            error(key, raw, expected);
            return def;
        }
        return n.longValue();
    }

    /** A number of milliseconds from {@code minMillis} to {@code maxMillis}, or {@code def} when absent. */
    public Duration millis(String key, Duration def, long minMillis, long maxMillis) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        Object raw = v.get();
        if (!(raw instanceof Number n) || !isIntegral(n) || n.longValue() < minMillis || n.longValue() > maxMillis) {
            error(
                    key,
                    raw,
                    maxMillis == Long.MAX_VALUE
                            ? "milliseconds, an integer >= " + minMillis
                            : "milliseconds, an integer from " + minMillis + " to " + maxMillis);
            return def;
        }
        return Duration.ofMillis(n.longValue());
    }

    /**
     * A number of at least {@code min} (or, when {@code exclusiveMin}, above it) and at most {@code max}, or
     * {@code def} when absent; outside is an error.
     */
    public double number(String key, double def, double min, boolean exclusiveMin, double max) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return def;
        }
        Object raw = v.get();
        String expected = "a number " + (exclusiveMin ? "> " : ">= ") + fmt(min)
                + (max == Double.MAX_VALUE ? "" : " and <= " + fmt(max));
        if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            error(key, raw, expected);
            return def;
        }
        double x = n.doubleValue();
        if ((exclusiveMin ? x <= min : x < min) || x > max) {
            error(key, raw, expected);
            return def;
        }
        return x;
    }

    /** A list of strings, or an empty list when absent; every item that is not a string is an error of its own. */
    public List<String> strings(String key) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!(v.get() instanceof List<?> list)) {
            error(key, v.get(), "an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s) {
                out.add(s);
            } else {
                add(ConfigProblem.of(view.pathOf(key) + "[" + i + "]", list.get(i), "a string"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * An object of strings (numbers and booleans are taken as their text, as environment variables and headers
     * are), or an empty map when absent.
     */
    public Map<String, String> stringMap(String key) {
        Optional<Object> v = view.get(key);
        if (v.isEmpty()) {
            return Map.of();
        }
        if (!(v.get() instanceof ConfigView block)) {
            error(key, v.get(), "an object of strings");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : block.keys()) {
            Optional<Object> item = block.get(k);
            if (item.isEmpty()) {
                continue;
            }
            Object x = item.get();
            if (x instanceof String || x instanceof Number || x instanceof Boolean) {
                out.put(k, String.valueOf(x));
            } else {
                add(ConfigProblem.of(block.pathOf(k), x, "a string"));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Warns about every key of this block that is not in {@code known}, naming the nearest known key when there
     * is one ({@code mcpServer} -> {@code mcpServers}): an unknown key is most often a typo that would otherwise
     * be silently ignored. Use it where the block's keys are all known; a block open to other parties' keys
     * should not call it.
     */
    public void knownKeys(Collection<String> known) {
        for (String key : view.keys()) {
            if (!known.contains(key)) {
                warnings.add(unknownKey(view.pathOf(key), key, known));
            }
        }
    }

    /** The warning for an unknown {@code key} at {@code path}: the nearest of {@code known}, or all of them. */
    public static ConfigProblem unknownKey(String path, String key, Collection<String> known) {
        Optional<String> near = nearest(key, known);
        String expected = near.map(n -> "a key this block knows; did you mean \"" + n + "\"?")
                .orElseGet(() -> "one of the keys this block knows: " + String.join(", ", known));
        return new ConfigProblem(path, "(unknown key)", expected);
    }

    /**
     * The known key nearest to {@code key} by edit distance (ignoring case), when it is near enough to be a likely
     * typo: at most a third of the key's length, and at least 2 edits allowed.
     */
    public static Optional<String> nearest(String key, Collection<String> known) {
        String k = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(k, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The keys of {@code candidates} that this block has, in document order. */
    public List<String> present(Set<String> candidates) {
        return view.keys().stream().filter(candidates::contains).toList();
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

    /** Records a warning about {@code key} in this block (a value that is accepted but probably not meant). */
    public void warn(String key, Object raw, String expected) {
        warnings.add(ConfigProblem.of(view.pathOf(key), raw, expected));
    }

    /** Records an error whose path is not a key of this block (an item of a list, say). */
    public void add(ConfigProblem error) {
        errors.add(error);
    }

    /** Records a warning whose path is not a key of this block. */
    public void addWarning(ConfigProblem warning) {
        warnings.add(warning);
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

    /** The warnings so far. */
    public List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    /** {@code value} with the warnings, or the errors (and the warnings) when there were any. */
    public <T> ConfigResult<T> result(T value) {
        return errors.isEmpty() ? ConfigResult.ok(value, warnings) : ConfigResult.failed(errors, warnings);
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
