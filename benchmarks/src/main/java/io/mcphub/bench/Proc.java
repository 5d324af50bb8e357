package io.mcphub.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process under test: started with its output in a log file, stopped with its whole tree. */
final class Proc implements AutoCloseable {
    private static final HttpClient PROBE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private static final List<Proc> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ALL) {
                new ArrayList<>(ALL).forEach(Proc::close);
            }
        }));
    }

    final String name;
    final Process process;
    final Path log;
    final long spawnedNanos;

    private Proc(String name, Process process, Path log, long spawnedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.spawnedNanos = spawnedNanos;
    }

    static Proc start(String name, Path logDir, List<String> command, Map<String, String> env) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t = System.nanoTime();
        Process p = pb.start();
        Proc proc = new Proc(name, p, log, t);
        synchronized (ALL) {
            ALL.add(proc);
        }
        return proc;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until GET url answers 200; the nanos from spawn to that answer. */
    long awaitHttp200(String url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + log + ":\n" + tail());
            }
            try {
                HttpResponse<Void> r = PROBE.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return System.nanoTime() - spawnedNanos;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(2);
        }
        throw new IOException(
                name + " did not answer 200 on " + url + " within " + timeout + "; see " + log + ":\n" + tail());
    }

    /** Waits until something accepts TCP connections on the port. */
    void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited; see " + log + ":\n" + tail());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IOException(name + " did not listen on " + port + "; see " + log + ":\n" + tail());
    }

    /** Waits until the log has a line containing text. */
    void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited; see " + log + ":\n" + tail());
            }
            Thread.sleep(50);
        }
        throw new IOException(name + ": no '" + text + "' in " + log + " within " + timeout + ":\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** user + system CPU time of the process (all its threads), in clock ticks, from /proc/pid/stat. */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** kill -9, the process alone (its children are left to notice on their own, as after a crash). */
    void kill9() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        synchronized (ALL) {
            ALL.remove(this);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String javaBin(String javaHome) {
        return javaHome + File.separator + "bin" + File.separator + "java";
    }
}
