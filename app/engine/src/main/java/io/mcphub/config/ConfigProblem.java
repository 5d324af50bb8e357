package io.mcphub.config;

/** One thing wrong with a settings file, said as {@code path: value (expected: ...)}. */
public record ConfigProblem(String path, String value, String expected) {
    @Override
    public String toString() {
        return path + ": " + value + " (expected: " + expected + ")";
    }
}
