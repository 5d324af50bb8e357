package io.mcphub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Builds a real third-party plugin jar at test time: compiles one provider class against the test classpath and
 * packs it with its service file, so the class exists only in that jar, as a plugin someone else wrote would.
 */
public final class ProviderJars {
    private ProviderJars() {}

    /**
     * Compiles {@code source} (which declares {@code className}, fully qualified) into {@code jar}, registered as a
     * provider of {@code service} (e.g. {@code io.mcphub.spi.HubPluginProvider}).
     *
     * @param version the jar's Implementation-Version, or null for none
     * @throws IllegalStateException when the source does not compile
     */
    public static Path build(Path jar, String className, String source, String service, String version)
            throws IOException {
        Path work = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "provider-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        Path file = Files.createDirectories(work.resolve("src")).resolve(simpleName + ".java");
        Files.writeString(file, source);
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        file.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for " + className + " (its errors are above)");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                add(out, classes.relativize(c).toString().replace('\\', '/'), Files.readAllBytes(c));
            }
            add(out, "META-INF/services/" + service, (className + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
