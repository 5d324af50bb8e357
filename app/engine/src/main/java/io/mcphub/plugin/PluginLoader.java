package io.mcphub.plugin;

import io.mcphub.spi.PluginProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds providers on the classpath and in plugin folders. Each jar gets its own class loader, child of
 * the application's, so plugins share the spi classes with the hub but not their own classes with each
 * other. Problems are collected, not thrown, so that one start reports all of them.
 */
final class PluginLoader {
    private final ClassLoader parent;
    private final List<LoadedProvider> loaded = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    PluginLoader(ClassLoader parent) {
        this.parent = parent;
    }

    List<LoadedProvider> loaded() {
        return loaded;
    }

    List<String> problems() {
        return problems;
    }

    void loadClasspath() {
        for (PluginFamily f : PluginFamily.values()) {
            load(f, parent, null);
        }
    }

    void loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            problems.add("--plugins " + dir + ": not a directory");
            return;
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add("--plugins " + dir + ": cannot list (" + e.getMessage() + ")");
            return;
        }
        for (Path jar : jars) {
            loadJar(jar.toAbsolutePath().normalize());
        }
    }

    private void loadJar(Path jar) {
        URLClassLoader loader;
        try {
            // never closed: the plugin's classes are used for the life of the hub
            loader = new URLClassLoader(
                    "plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            problems.add(jar + ": cannot open (" + e.getMessage() + ")");
            return;
        }
        int before = loaded.size();
        for (PluginFamily f : PluginFamily.values()) {
            load(f, loader, jar.toString());
        }
        if (loaded.size() == before && problems.stream().noneMatch(p -> p.startsWith(jar.toString()))) {
            problems.add(jar + ": no provider found (expected: META-INF/services/io.mcphub.spi.*Provider entries)");
        }
    }

    /**
     * @param jar when set, only providers defined by {@code loader} itself count: the parent's would
     *            otherwise be found once more through every jar
     */
    private void load(PluginFamily family, ClassLoader loader, String jar) {
        ServiceLoader<PluginProvider<?>> sl = ServiceLoader.load(family.service(), loader);
        var it = sl.stream().iterator();
        while (true) {
            ServiceLoader.Provider<PluginProvider<?>> p;
            try {
                if (!it.hasNext()) {
                    return;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(
                        where(jar) + ": " + family.label() + " provider cannot be loaded (" + e.getMessage() + ")");
                continue;
            }
            if (jar != null && p.type().getClassLoader() != loader) {
                continue;
            }
            String location = jar != null ? jar : locationOf(p.type());
            try {
                PluginProvider<?> provider = p.get();
                String name = provider.name();
                if (name == null || !PluginProvider.NAME.matcher(name).matches()) {
                    problems.add(
                            location + ": " + family.label() + " " + p.type().getName() + " has name "
                                    + (name == null ? "null" : '"' + name + '"')
                                    + " (expected: lowercase letters, digits and dashes, starting with a letter)");
                    continue;
                }
                loaded.add(new LoadedProvider(family, provider, location));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(
                        location + ": " + family.label() + " " + p.type().getName() + " cannot be created (" + e + ")");
            }
        }
    }

    private static String where(String jar) {
        return jar != null ? jar : "classpath";
    }

    private static String locationOf(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                return Path.of(cs.getLocation().toURI()).toString();
            }
        } catch (Exception e) {
            // fall through: a location is only for messages
        }
        return "classpath";
    }
}
