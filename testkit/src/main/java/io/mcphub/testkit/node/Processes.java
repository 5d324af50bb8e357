package io.mcphub.testkit.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Small helpers for child processes: stopping a whole tree, pumping a stream to lines. */
public final class Processes {
    private Processes() {}

    /** Destroys the process and all its descendants: politely, then forcibly after {@code grace}. */
    public static void destroyTree(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Reads the stream line by line on a daemon thread; the future completes at its end. */
    public static CompletableFuture<Void> pumpLines(InputStream in, Consumer<String> onLine, String threadName) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            onLine.accept(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    } finally {
                        done.complete(null);
                    }
                },
                threadName);
        t.setDaemon(true);
        t.start();
        return done;
    }
}
