package io.mcphub.launcher;

import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.plugin.PluginListing;
import io.mcphub.plugin.PluginLoadException;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.upstream.Version;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar mcphub.jar}: reads the settings, starts the hub, stops it cleanly on SIGTERM / Ctrl-C. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns an exit code, or -1 when the hub is up and serving. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl;
        try {
            cl = CommandLine.parse(args, System.getenv());
        } catch (CommandLine.UsageException e) {
            err.println("mcphub: " + e.getMessage());
            err.println("Try 'java -jar mcphub.jar --help'.");
            return 64;
        }
        if (cl.help()) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (cl.version()) {
            out.println("mcphub-java " + Version.get());
            return 0;
        }
        PluginRegistry plugins;
        try {
            plugins = PluginRegistry.load(cl.pluginDirs());
        } catch (PluginLoadException e) {
            err.println("mcphub: " + e.getMessage());
            return 2;
        }
        if (cl.listPlugins()) {
            PluginListing.print(out, plugins);
            return 0;
        }
        Path file = cl.validateConfig() != null ? cl.validateConfig() : cl.config();
        HubSettings settings;
        try {
            settings = SettingsLoader.withSystemEnv().load(file);
            List<String> pluginErrors = HubRuntime.validate(settings, plugins);
            if (!pluginErrors.isEmpty()) {
                printWarnings(err, file, settings.warnings());
                throw new ConfigException("invalid settings in " + file + ":\n  " + String.join("\n  ", pluginErrors));
            }
        } catch (ConfigException e) {
            err.println("mcphub: " + e.getMessage());
            printWarnings(err, file, e.warnings());
            return cl.validateConfig() != null ? 1 : 2;
        }
        List<ConfigProblem> warnings = new ArrayList<>(settings.warnings());
        warnings.addAll(HubRuntime.warnings(settings, plugins));
        printWarnings(err, file, warnings);
        if (cl.strict() && !warnings.isEmpty()) {
            err.println("mcphub: --strict: " + warnings.size() + " warning(s) in " + file + " count as errors");
            return cl.validateConfig() != null ? 1 : 2;
        }
        if (!settings.ignored().isEmpty()) {
            String line =
                    "MCPHub settings this hub does not act on (ignored): " + String.join(", ", settings.ignored());
            if (cl.validateConfig() != null) {
                out.println(line);
            } else {
                LoggerFactory.getLogger(Main.class).info(line);
            }
        }
        if (cl.validateConfig() != null) {
            out.println(file + ": settings and plugin config valid"
                    + (warnings.isEmpty() ? "" : " (" + warnings.size() + " warning(s))"));
            return 0;
        }
        return serve(cl, file, settings, plugins, err);
    }

    private static void printWarnings(PrintStream err, Path file, List<ConfigProblem> warnings) {
        if (!warnings.isEmpty()) {
            err.println("mcphub: warnings in " + file + ":");
            warnings.forEach(w -> err.println("  " + w));
        }
    }

    private static int serve(CommandLine cl, Path file, HubSettings settings, PluginRegistry plugins, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        HubRuntime runtime;
        try {
            runtime = HubRuntime.start(settings, plugins, cl.host(), cl.port(), file);
        } catch (RuntimeException e) {
            err.println("mcphub: cannot start on " + hostForUrl(cl.host()) + ":" + cl.port() + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("mcphub stopping");
                            runtime.stop();
                        },
                        "mcphub-shutdown"));
        log.info(
                "mcphub-java {} serving {} ({} servers, {} mode) on http://{}:{}/mcp",
                Version.get(),
                cl.config(),
                settings.servers().size(),
                settings.cluster().activeMode(),
                hostForUrl(cl.host()),
                runtime.port());
        return -1;
    }

    /** An IPv6 literal goes in brackets in a URL: http://[::1]:3000/mcp. */
    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
