package io.mcphub.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.plugin.JsonConfigView;
import io.mcphub.plugin.PluginListing;
import io.mcphub.plugin.PluginLoadException;
import io.mcphub.plugin.PluginRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The plugin command-line flags, kept apart from {@link Main} so that Main only has to call
 * {@link #parse(String[])} and {@link #run(Parsed, PrintStream, PrintStream)}:
 * <ul>
 *   <li>{@code --plugins DIR} (repeatable): load plugin jars from DIR as well as the classpath;</li>
 *   <li>{@code --list-plugins}: print family, name, version and jar of every provider, and exit;</li>
 *   <li>{@code --validate-config FILE}: check the plugin part of {@code systemConfig.cluster} in an
 *       {@code mcp_settings.json}, print {@code path: value (expected: ...)} errors, and exit.</li>
 * </ul>
 */
public final class PluginFlags {
    private PluginFlags() {
    }

    /**
     * The flags found in the command line.
     *
     * @param rest the arguments that are not plugin flags, in order, for Main's own parsing
     */
    public record Parsed(List<Path> pluginDirs, boolean listPlugins, Optional<Path> validateConfig, List<String> rest) {
    }

    /** Splits the plugin flags off the command line. {@code --plugins=DIR} works as well as {@code --plugins DIR}. */
    public static Parsed parse(String[] args) {
        List<Path> dirs = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean list = false;
        Path validate = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--plugins") && i + 1 < args.length) {
                dirs.add(Path.of(args[++i]));
            } else if (a.startsWith("--plugins=")) {
                dirs.add(Path.of(a.substring("--plugins=".length())));
            } else if (a.equals("--list-plugins")) {
                list = true;
            } else if (a.equals("--validate-config") && i + 1 < args.length) {
                validate = Path.of(args[++i]);
            } else {
                rest.add(a);
            }
        }
        return new Parsed(List.copyOf(dirs), list, Optional.ofNullable(validate), List.copyOf(rest));
    }

    /**
     * Runs {@code --list-plugins} or {@code --validate-config} when given.
     *
     * @return the exit code when a command ran (0 ok, 1 invalid config, 2 plugins cannot load); empty
     *         when the hub should go on starting
     */
    public static OptionalInt run(Parsed flags, PrintStream out, PrintStream err) {
        if (!flags.listPlugins() && flags.validateConfig().isEmpty()) {
            return OptionalInt.empty();
        }
        PluginRegistry registry;
        try {
            registry = PluginRegistry.load(flags.pluginDirs());
        } catch (PluginLoadException e) {
            err.println(e.getMessage());
            return OptionalInt.of(2);
        }
        if (flags.listPlugins()) {
            PluginListing.print(out, registry);
        }
        if (flags.validateConfig().isPresent()) {
            Path file = flags.validateConfig().get();
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                err.println(file + ": cannot read (" + e.getMessage() + ")");
                return OptionalInt.of(1);
            }
            List<String> errors = registry.validate(JsonConfigView.at(root, "systemConfig.cluster"));
            if (!errors.isEmpty()) {
                err.println(file + ": invalid config:");
                errors.forEach(e -> err.println("  " + e));
                return OptionalInt.of(1);
            }
            out.println(file + ": plugin config valid");
        }
        return OptionalInt.of(0);
    }
}
