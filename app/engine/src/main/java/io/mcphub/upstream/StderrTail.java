package io.mcphub.upstream;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a stdio server wrote to stderr, bounded in lines and characters, so that its exit can be reported
 * with its own words ({@code npx canceled due to missing packages}) rather than an exit code alone.
 */
final class StderrTail {
    static final int MAX_LINES = 20;
    static final int MAX_CHARS = 4096;
    private static final int MAX_LINE_CHARS = 1000;

    private final Deque<String> lines = new ArrayDeque<>();
    private int chars;

    synchronized void add(String line) {
        String l = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
        if (l.isBlank()) {
            return;
        }
        lines.addLast(l);
        chars += l.length();
        while (lines.size() > MAX_LINES || (chars > MAX_CHARS && lines.size() > 1)) {
            chars -= lines.removeFirst().length();
        }
    }

    /** The kept lines, each on a line of its own and indented, or an empty string. */
    synchronized String text() {
        return lines.isEmpty() ? "" : "  " + String.join("\n  ", lines);
    }

    synchronized boolean isEmpty() {
        return lines.isEmpty();
    }
}
