package io.mcphub.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.testkit.node.NodeTools;
import io.mcphub.testkit.node.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One page of a real headless Chromium (Debian's, installed by {@code tools/install-browser.sh} when absent),
 * driven through playwright-core by {@code browser/page-driver.mjs} on Node 22: one JSON command per line on its
 * stdin, one answer per line on its stdout. Fails, never skips, when the browser cannot be installed or started.
 */
final class BrowserPage implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String DRIVER = "/browser/page-driver.mjs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private int nextId = 1;

    private BrowserPage(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Processes.pumpLines(process.getInputStream(), answers::add, "page-driver-out");
        Processes.pumpLines(
                process.getErrorStream(),
                line -> {
                    stderr.add(line);
                    System.out.println("[browser] " + line);
                },
                "page-driver-err");
    }

    /** Installs Chromium if needed, then starts it with a new empty profile in {@code userDataDir}. */
    static BrowserPage open(Path userDataDir) {
        NodeTools tools = NodeTools.get();
        installChromium(tools.repoRoot());
        Path script = tools.scriptFromResource(DRIVER);
        try {
            Files.createDirectories(userDataDir);
            Process p = tools.nodeScript(script, CHROMIUM.toString(), userDataDir.toString())
                    .start();
            BrowserPage page = new BrowserPage(p);
            page.await(0);
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void installChromium(Path repoRoot) {
        Path script = repoRoot.resolve("tools/install-browser.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.destroyTree(p, Duration.ofSeconds(2));
                throw new IllegalStateException(script + " did not finish in " + INSTALL_TIMEOUT);
            }
            if (p.exitValue() != 0 || !Files.isExecutable(CHROMIUM)) {
                throw new IllegalStateException(script + " failed (status " + p.exitValue() + "): no " + CHROMIUM);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Chromium", e);
        }
    }

    int navigate(URI url) {
        return command("goto").put("url", url.toString()).send().asInt();
    }

    void fill(String selector, String value) {
        command("fill").put("selector", selector).put("value", value).send();
    }

    void click(String selector) {
        command("click").put("selector", selector).send();
    }

    /** Waits until an element matching {@code selector} is visible. */
    void waitFor(String selector, Duration timeout) {
        command("waitFor")
                .put("selector", selector)
                .put("timeoutMs", timeout.toMillis())
                .send();
    }

    /** Waits until an element matching {@code selector} exists, visible or not. */
    void waitForAttached(String selector, Duration timeout) {
        command("waitFor")
                .put("selector", selector)
                .put("state", "attached")
                .put("timeoutMs", timeout.toMillis())
                .send();
    }

    String attribute(String selector, String name) {
        JsonNode v = command("attr").put("selector", selector).put("name", name).send();
        return v.isNull() ? null : v.asText();
    }

    boolean checked(String selector) {
        return command("checked").put("selector", selector).send().asBoolean();
    }

    /** The outer HTML of the first element matching {@code selector}. */
    String html(String selector) {
        return command("html").put("selector", selector).send().asText();
    }

    /** How many elements match {@code selector} now. */
    int count(String selector) {
        return command("count").put("selector", selector).send().asInt();
    }

    String text(String selector) {
        return command("text").put("selector", selector).send().asText();
    }

    /** A full-page PNG at {@code path} (its folder created); returns the absolute path. */
    Path screenshot(Path path) {
        Path abs = path.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        command("screenshot").put("path", abs.toString()).send();
        return abs;
    }

    private final class Command {
        private final ObjectNode body;

        Command(ObjectNode body) {
            this.body = body;
        }

        Command put(String k, String v) {
            body.put(k, v);
            return this;
        }

        Command put(String k, long v) {
            body.put(k, v);
            return this;
        }

        JsonNode send() {
            return BrowserPage.this.send(body);
        }
    }

    private Command command(String op) {
        return new Command(JSON.createObjectNode().put("op", op));
    }

    private synchronized JsonNode send(ObjectNode command) {
        int id = nextId++;
        command.put("id", id);
        try {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the page driver is gone: " + String.join("\n", stderr), e);
        }
        return await(id);
    }

    private JsonNode await(int id) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        try {
            while (true) {
                String line = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException("no answer from the page driver for command " + id + " in "
                            + ANSWER_TIMEOUT + " (alive: " + process.isAlive() + "); stderr:\n"
                            + String.join("\n", stderr));
                }
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode answer = JSON.readTree(line);
                if (answer.path("id").asInt(-1) != id) {
                    continue;
                }
                if (!answer.path("ok").asBoolean()) {
                    throw new AssertionError("browser: " + answer.path("error").asText());
                }
                return answer.path("value");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send(JSON.createObjectNode().put("op", "close"));
            } catch (RuntimeException | AssertionError e) {
                // closing anyway, below
            }
        }
        Processes.destroyTree(process, Duration.ofSeconds(5));
    }
}
