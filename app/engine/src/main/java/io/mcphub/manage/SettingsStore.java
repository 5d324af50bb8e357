package io.mcphub.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The settings file as written: its raw JSON tree (with {@code ${VAR}} unexpanded and every key the hub does not know)
 * and its version, a hash of its bytes. Writes are atomic: a temporary file in the same directory, fsync, rename over
 * the file, the directory synced; the previous file is kept as {@code <name>.bak}. A reader never sees a half-written
 * file. Without a file (a hub started from settings in memory) the tree lives in memory only.
 *
 * <p><b>Threading:</b> every method is synchronized; {@link #lock()} is the one-writer lock of an edit.
 * <b>Nullability:</b> {@link #file()} is null for a store in memory.
 */
public final class SettingsStore {
    private final Path file;
    private ObjectNode tree;
    private String version;

    private SettingsStore(Path file, ObjectNode tree, String version) {
        this.file = file;
        this.tree = tree;
        this.version = version;
    }

    /** The store of a settings file, read now. */
    public static SettingsStore open(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new SettingsStore(file.toAbsolutePath(), objectOf(Json.parse(bytes)), hash(bytes));
    }

    /** A store without a file: edits are applied and kept in memory. */
    public static SettingsStore inMemory(JsonNode tree) {
        ObjectNode copy = objectOf(tree.deepCopy());
        return new SettingsStore(null, copy, hash(Json.bytes(copy)));
    }

    private static ObjectNode objectOf(JsonNode node) {
        return node instanceof ObjectNode o ? o : Json.object();
    }

    public Path file() {
        return file;
    }

    /** The lock an edit holds from reading the tree to writing it: one writer at a time. */
    public Object lock() {
        return this;
    }

    /** A copy of the tree as last written or read. */
    public synchronized ObjectNode tree() {
        return tree.deepCopy();
    }

    public synchronized String version() {
        return version;
    }

    /** The bytes of a tree as the store writes them: indented, as people keep the file. */
    public static byte[] render(JsonNode tree) {
        try {
            return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the tree atomically and makes it current; on failure nothing changed. */
    public synchronized String write(ObjectNode next) throws IOException {
        byte[] bytes = render(next);
        if (file != null) {
            atomicWrite(file, bytes);
        }
        tree = next.deepCopy();
        version = hash(bytes);
        return version;
    }

    /** Makes a tree read from the file (a hand edit) current, with the version of its bytes. */
    public synchronized void accept(ObjectNode next, byte[] bytes) {
        tree = next.deepCopy();
        version = hash(bytes);
    }

    private static void atomicWrite(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (Files.exists(file)) {
                backup(file);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The previous file, kept as {@code <name>.bak}, itself replaced atomically. */
    private static void backup(Path file) throws IOException {
        Path bak = file.resolveSibling(file.getFileName() + ".bak");
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".bak.tmp");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, bak, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The rename is durable only once the directory is synced (Linux); elsewhere this is best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on every platform: the rename itself is still atomic
        }
    }

    /** The version of a file's bytes: a short hash, quoted in ETag headers. */
    public static String hash(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
