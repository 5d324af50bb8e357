package io.mcphub.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
    private static final String CLUSTER = "systemConfig.cluster";

    @TempDir
    Path tmp;

    private Path pluginsDir() throws IOException {
        return Files.createDirectories(tmp.resolve("plugins"));
    }

    private static ConfigView cluster(Map<String, ?> values) {
        return ConfigView.of(CLUSTER, values);
    }

    private static Map<String, ?> selecting(String strategy, String policy) {
        return Map.of("stickySession", Map.of("strategy", strategy), "loadBalancing", Map.of("policy", policy));
    }

    @Test
    void classpathProviders_areFoundInEveryFamily() {
        PluginRegistry r = PluginRegistry.load(List.of());
        assertEquals(List.of("fake-sticky"), r.names(PluginFamily.STICKY_STRATEGY));
        assertEquals(List.of("fake-balancer"), r.names(PluginFamily.LOAD_BALANCER));
        assertTrue(r.names(PluginFamily.HUB_PLUGIN).isEmpty());
        assertTrue(r.stickyStrategy("fake-sticky").isPresent());
        assertTrue(r.loadBalancer("nope").isEmpty());
    }

    @Test
    void jarInPluginsFolder_isLoaded_andListedWithItsJarAndVersion() throws IOException {
        Path dir = pluginsDir();
        Path jar = PluginJars.stickyJar(dir, "acme-sticky.jar", "com.acme", "AcmeProvider", "acme", "2.3.4");
        PluginRegistry r = PluginRegistry.load(List.of(dir));
        PluginInfo row = r.describe().stream()
                .filter(i -> i.name().equals("acme"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                new PluginInfo(
                        PluginFamily.STICKY_STRATEGY,
                        "acme",
                        "2.3.4",
                        jar.toAbsolutePath().toString()),
                row);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PluginListing.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), r);
        String listing = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(listing.startsWith("FAMILY"), listing);
        assertTrue(
                listing.lines().anyMatch(l -> l.matches("sticky-strategy\\s+acme\\s+2\\.3\\.4\\s+.*acme-sticky\\.jar")),
                listing);
    }

    @Test
    void twoProvidersWithOneName_stopTheStart_namingBothJars() throws IOException {
        Path dir = pluginsDir();
        Path a = PluginJars.stickyJar(dir, "a.jar", "com.a", "P", "same", "1");
        Path b = PluginJars.stickyJar(dir, "b.jar", "com.b", "P", "same", "1");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginRegistry.load(List.of(dir)));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains(a.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.problems().get(0).contains(b.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.problems().get(0).contains("\"same\""), e.getMessage());
    }

    @Test
    void aJarReusingAClasspathName_stopsTheStart() throws IOException {
        Path dir = pluginsDir();
        PluginJars.stickyJar(dir, "clash.jar", "com.c", "P", "fake-sticky", "1");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginRegistry.load(List.of(dir)));
        assertTrue(e.getMessage().contains("clash.jar"), e.getMessage());
        assertTrue(e.getMessage().contains(FakeStickyProvider.class.getName()), e.getMessage());
    }

    @Test
    void sameClassNameInTwoJars_loadsBoth_eachInItsOwnClassLoader() throws IOException {
        Path dir = pluginsDir();
        PluginJars.stickyJar(dir, "one.jar", "com.same", "P", "one", "1");
        PluginJars.stickyJar(dir, "two.jar", "com.same", "P", "two", "1");
        PluginRegistry r = PluginRegistry.load(List.of(dir));
        assertEquals(List.of("fake-sticky", "one", "two"), r.names(PluginFamily.STICKY_STRATEGY));
    }

    @Test
    void badNameOrMissingFolder_stopTheStart() throws IOException {
        Path dir = pluginsDir();
        PluginJars.stickyJar(dir, "upper.jar", "com.u", "P", "Upper_Case", "1");
        PluginLoadException e = assertThrows(
                PluginLoadException.class, () -> PluginRegistry.load(List.of(dir, tmp.resolve("missing"))));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("\"Upper_Case\"") && p.contains("upper.jar")));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("missing") && p.contains("not a directory")));
    }

    @Test
    void unknownNames_areReportedListingTheNamesThatExist() throws IOException {
        Path dir = pluginsDir();
        PluginJars.stickyJar(dir, "acme.jar", "com.acme", "P", "acme", "1");
        PluginRegistry r = PluginRegistry.load(List.of(dir));
        assertEquals(
                List.of(
                        CLUSTER + ".stickySession.strategy: \"sticky-nope\" (expected: one of acme, fake-sticky)",
                        CLUSTER + ".loadBalancing.policy: \"fastest\" (expected: one of fake-balancer)"),
                r.validate(cluster(selecting("sticky-nope", "fastest"))));
    }

    @Test
    void missingBlocks_meanTheDefaults_consistentHashAndRoundRobin() {
        // the fakes are the only plugins here, so the defaults are reported missing by name
        List<String> errors = PluginRegistry.load(List.of()).validate(ConfigView.empty(CLUSTER));
        assertEquals(
                List.of(
                        CLUSTER + ".stickySession.strategy: \"consistent-hash\" (expected: one of fake-sticky)",
                        CLUSTER + ".loadBalancing.policy: \"round-robin\" (expected: one of fake-balancer)"),
                errors);
    }

    @Test
    void selectedPlugins_validateTheirOwnOptions_andAnyOtherBlockPresent() {
        PluginRegistry r = PluginRegistry.load(List.of());
        assertEquals(List.of(), r.validate(cluster(selecting("fake-sticky", "fake-balancer"))));
        assertEquals(
                List.of(
                                CLUSTER + ".stickySession.fake-sticky.level: -1 (expected: an integer from 0 to 10)",
                                CLUSTER + ".stickySession.enabled: \"no\" (expected: true or false)")
                        .stream()
                        .sorted()
                        .toList(),
                r
                        .validate(cluster(Map.of(
                                "stickySession",
                                Map.of("strategy", "fake-sticky", "enabled", "no", "fake-sticky", Map.of("level", -1)),
                                "loadBalancing",
                                Map.of("policy", "fake-balancer"))))
                        .stream()
                        .sorted()
                        .toList());
    }

    @Test
    void configure_buildsTheSelectedPlugins_andHonoursEnabledFalse() {
        PluginRegistry r = PluginRegistry.load(List.of());
        ClusterRouting on = r.configure(cluster(selecting("FAKE-STICKY", "fake-balancer")));
        assertTrue(on.sticky().isPresent());
        assertEquals("fake-sticky", on.strategyName());
        assertTrue(on.newLoadBalancer() != on.newLoadBalancer(), "one balancer per server");
        ClusterRouting off = r.configure(cluster(Map.of(
                "stickySession",
                Map.of("enabled", false, "strategy", "fake-sticky"),
                "loadBalancing",
                Map.of("policy", "fake-balancer", "fake-balancer", Map.of()))));
        assertFalse(off.sticky().isPresent());
        PluginConfigException e =
                assertThrows(PluginConfigException.class, () -> r.configure(cluster(Map.of("stickySession", "yes"))));
        assertTrue(e.errors().contains(CLUSTER + ".stickySession: \"yes\" (expected: an object)"), e.getMessage());
    }
}
