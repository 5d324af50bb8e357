package io.mcphub.testkit.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conformance scenarios allowed to fail, each with its reason. Text, one entry a line:
 * {@code scenario-name: reason}; blank lines and lines starting with {@code #} are ignored.
 */
public final class Baseline {
    /** The fixture's own baseline, on the testkit's classpath. */
    public static final String FIXTURE_RESOURCE = "/conformance-baseline.txt";

    private final Map<String, String> entries;

    private Baseline(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Baseline empty() {
        return new Baseline(new LinkedHashMap<>());
    }

    public static Baseline parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException(
                        "baseline line " + lineNo + ": expected 'scenario-name: reason', got '" + line + "'");
            }
            entries.put(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return new Baseline(entries);
    }

    public static Baseline load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A baseline from the classpath, e.g. {@link #FIXTURE_RESOURCE}. */
    public static Baseline fromResource(String resource) {
        try (InputStream in = Baseline.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean allows(String scenario) {
        return entries.containsKey(scenario);
    }

    /** Scenario name to the reason it may fail. */
    public Map<String, String> entries() {
        return entries;
    }
}
