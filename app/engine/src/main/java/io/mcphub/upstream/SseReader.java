package io.mcphub.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads server-sent events from a stream, as the WHATWG EventSource parser does. */
public final class SseReader {
    private final BufferedReader in;

    public SseReader(InputStream stream) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. Events with neither data nor id are skipped. */
    public SseEvent next() throws IOException {
        String id = null;
        String event = null;
        Long retry = null;
        StringBuilder data = null;
        boolean any = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    return new SseEvent(
                            id, event == null ? "message" : event, data == null ? "" : data.toString(), retry);
                }
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                    any = true;
                }
                case "id" -> {
                    id = value;
                    any = true;
                }
                case "event" -> event = value;
                case "retry" -> {
                    try {
                        retry = Long.parseLong(value.trim());
                        any = true;
                    } catch (NumberFormatException ignored) {
                        // the spec says to ignore a retry that is not a number
                    }
                }
                default -> {}
            }
        }
        return null;
    }
}
