package io.mcphub.testkit.interop;

import io.mcphub.testkit.node.NodeTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The interop scripts, copied from the classpath into {@code .tools/scripts/} (where their ES module imports resolve
 * the installed packages) under a name that carries a hash of their content: {@code .tools} is shared by every
 * worktree of the repository, and a fixed name would let a test on another branch overwrite a script with its own
 * version while a test here is about to run it.
 */
final class InteropScripts {
    private InteropScripts() {}

    /** The script's path, e.g. {@code .tools/scripts/ts-client-v2.3f2a9c01b7de.mjs}. */
    static Path of(NodeTools tools, String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        try (InputStream in = InteropScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            byte[] content = in.readAllBytes();
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 12);
            Path target = tools.toolsDir()
                    .resolve("scripts")
                    .resolve(name.substring(0, dot) + "." + hash + name.substring(dot));
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
