package io.mcphub.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file's atomic writes: a reader never sees a partial file; the .bak holds the previous version. */
class SettingsStoreTest {
    @TempDir
    Path dir;

    private static ObjectNode version(int i) {
        ObjectNode tree = Json.object().put("version", i);
        // sizes vary a lot, so a torn write would show as a truncated or mixed document
        tree.put("padding", "x".repeat((i % 7) * 5000));
        tree.putObject("mcpServers");
        return tree;
    }

    @Test
    void aReaderPollingDuringManyWrites_neverSeesAPartialFile() throws Exception {
        Path file = dir.resolve("mcp_settings.json");
        Files.writeString(file, Json.write(version(0)));
        SettingsStore store = SettingsStore.open(file);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> bad = new ArrayList<>();
            int last = -1;
            while (!done.get()) {
                try {
                    JsonNode seen = Json.parse(Files.readAllBytes(file));
                    int v = seen.path("version").asInt(-1);
                    if (v < last || seen.path("padding").asText().length() != (v % 7) * 5000) {
                        bad.add("read version " + v + " after " + last);
                    }
                    last = v;
                    reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    bad.add("the file was missing");
                } catch (IOException e) {
                    bad.add(e.getMessage());
                }
            }
            return bad;
        });
        for (int i = 1; i <= 300; i++) {
            store.write(version(i));
        }
        done.set(true);
        List<String> bad = reader.get();
        assertTrue(bad.isEmpty(), bad::toString);
        assertTrue(reads.get() > 0);
        assertEquals(300, Json.parse(Files.readAllBytes(file)).path("version").asInt());
        assertEquals(
                299,
                Json.parse(Files.readAllBytes(dir.resolve("mcp_settings.json.bak")))
                        .path("version")
                        .asInt());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(
                    List.of("mcp_settings.json", "mcp_settings.json.bak"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
        assertEquals(store.version(), SettingsStore.hash(Files.readAllBytes(file)));
    }
}
