package io.mcphub.coordinator.registry;

import java.util.List;

/**
 * A node protocol body, read: either its value or every problem with it, each as {@code path: value (expected: ...)}.
 * A value, so that the caller decides what to answer with a {@code switch}, not a catch.
 */
public sealed interface Parsed<T> {

    record Valid<T>(T value) implements Parsed<T> {}

    record Invalid<T>(List<String> problems) implements Parsed<T> {
        public Invalid {
            problems = List.copyOf(problems);
        }

        /** Every problem, in one line. */
        public String message() {
            return String.join("; ", problems);
        }
    }
}
