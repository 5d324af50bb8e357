package io.mcphub.plugin;

import java.io.PrintStream;
import java.util.List;

/** Prints the registry for {@code --list-plugins}: family, name, version and jar, one provider a line. */
public final class PluginListing {
    private PluginListing() {}

    public static void print(PrintStream out, PluginRegistry registry) {
        List<PluginInfo> rows = registry.describe();
        int f = "FAMILY".length();
        int n = "NAME".length();
        int v = "VERSION".length();
        for (PluginInfo r : rows) {
            f = Math.max(f, r.family().label().length());
            n = Math.max(n, r.name().length());
            v = Math.max(v, r.version().length());
        }
        String fmt = "%-" + f + "s  %-" + n + "s  %-" + v + "s  %s%n";
        out.printf(fmt, "FAMILY", "NAME", "VERSION", "JAR");
        for (PluginInfo r : rows) {
            out.printf(fmt, r.family().label(), r.name(), r.version(), r.jar());
        }
        out.flush();
    }
}
