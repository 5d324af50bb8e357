package io.mcphub.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real third-party plugin jar at test time: compiles a provider against the spi and packs it
 * with its service file, so the class exists only in that jar and not on the test classpath.
 */
final class PluginJars {
    private PluginJars() {}

    /** A jar with one sticky strategy provider class {@code pkg.cls} named {@code name}, version {@code version}. */
    static Path stickyJar(Path dir, String jarName, String pkg, String cls, String name, String version)
            throws IOException {
        String src = "package " + pkg + ";\n"
                + "public class " + cls + " implements io.mcphub.spi.StickyStrategyProvider<String> {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public io.mcphub.spi.ConfigResult<String> parse(io.mcphub.spi.ConfigView v) {"
                + " return io.mcphub.spi.ConfigResult.ok(\"x\"); }\n"
                + "  public io.mcphub.spi.StickyStrategy create(String c) {"
                + " return nodes -> request -> java.util.Optional.empty(); }\n"
                + "}\n";
        Path work = Files.createTempDirectory(dir.getParent(), "src");
        Path source = work.resolve(cls + ".java");
        Files.writeString(source, src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "-d",
                work.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for " + cls);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            String dirName = pkg.replace('.', '/') + "/";
            add(out, dirName, null);
            try (Stream<Path> classes = Files.list(work.resolve(pkg.replace('.', '/')))) {
                for (Path c : classes.toList()) {
                    add(out, dirName + c.getFileName(), Files.readAllBytes(c));
                }
            }
            add(
                    out,
                    "META-INF/services/io.mcphub.spi.StickyStrategyProvider",
                    (pkg + "." + cls + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        if (bytes == null) {
            for (String part : List.of(name)) {
                out.putNextEntry(new JarEntry(part));
                out.closeEntry();
            }
            return;
        }
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }
}
