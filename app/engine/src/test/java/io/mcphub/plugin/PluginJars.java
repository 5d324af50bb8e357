package io.mcphub.plugin;

import io.mcphub.support.ProviderJars;
import java.io.IOException;
import java.nio.file.Path;

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
        return ProviderJars.build(
                dir.resolve(jarName), pkg + "." + cls, src, "io.mcphub.spi.StickyStrategyProvider", version);
    }
}
