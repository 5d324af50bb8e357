package io.mcphub.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.plugin.PluginRegistry;
import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.PluginProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeProviderTest {
    /** No MCPHUB_* variables: what the file says is all there is. */
    private final NodeProvider provider = new NodeProvider(name -> null);

    private static ConfigView cluster(Map<String, ?> node) {
        return ConfigView.of("systemConfig.cluster", Map.of("enabled", true, "mode", "node", "node", node));
    }

    private static List<String> errors(ConfigResult<?> r) {
        return r.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void isFoundByTheRegistryUnderItsLowercaseName() {
        assertTrue(PluginProvider.NAME.matcher(provider.name()).matches());
        assertInstanceOf(
                NodeProvider.class,
                PluginRegistry.load(List.of()).hubPlugin("node").orElseThrow());
    }

    @Test
    void onlyTheCoordinatorUrl_givesTheDefaults() {
        ConfigResult<NodeConfig> r = provider.parse(cluster(Map.of("coordinatorUrl", "http://coordinator:3000/")));
        assertEquals(
                new NodeConfig(null, null, null, "http://coordinator:3000", Duration.ofMillis(5000), true, 1),
                r.value());
        assertTrue(r.warnings().isEmpty());
    }

    @Test
    void everyNodeFieldIsRead() {
        NodeConfig c = provider.parse(cluster(Map.of(
                        "id",
                        "node-1",
                        "name",
                        "Worker Node 1",
                        "url",
                        "http://10.0.0.5:3001",
                        "coordinatorUrl",
                        "https://coordinator",
                        "heartbeatInterval",
                        250L,
                        "registerOnStartup",
                        false,
                        "weight",
                        4L)))
                .value();
        assertEquals(
                new NodeConfig(
                        "node-1",
                        "Worker Node 1",
                        "http://10.0.0.5:3001",
                        "https://coordinator",
                        Duration.ofMillis(250),
                        false,
                        4),
                c);
    }

    @Test
    void drainTimeout_isRead_zeroMeansNoDrain_andANegativeOneIsAnErrorWithItsPath() {
        NodeConfig c = provider.parse(cluster(Map.of("coordinatorUrl", "http://c:3000", "drainTimeout", 0L)))
                .value();
        assertEquals(Duration.ZERO, c.drainTimeout());
        ConfigResult<NodeConfig> bad =
                provider.parse(cluster(Map.of("coordinatorUrl", "http://c:3000", "drainTimeout", -5L)));
        assertEquals(
                List.of("systemConfig.cluster.node.drainTimeout: -5 (expected: milliseconds, an integer from 0 to"
                        + " 600000)"),
                errors(bad));
    }

    @Test
    void missingCoordinatorUrl_isAnErrorWithItsPath() {
        ConfigResult<NodeConfig> r = provider.parse(cluster(Map.of("heartbeatInterval", 1000L)));
        assertFalse(r.isOk());
        assertEquals(
                List.of("systemConfig.cluster.node.coordinatorUrl: (missing) (expected: the coordinator's URL, e.g."
                        + " \"http://coordinator:3000\", here or in MCPHUB_COORDINATOR_URL)"),
                errors(r));
        assertFalse(provider.parse(ConfigView.empty("systemConfig.cluster")).isOk(), "a missing node block");
    }

    @Test
    void badValues_areAllReportedWithTheirPaths() {
        ConfigResult<NodeConfig> r = provider.parse(cluster(Map.of(
                "id",
                "bad id!",
                "url",
                "node1:3001",
                "coordinatorUrl",
                "ftp://coordinator",
                "heartbeatInterval",
                0L,
                "registerOnStartup",
                "yes",
                "weight",
                0L)));
        List<String> e = errors(r);
        assertEquals(6, e.size(), e.toString());
        for (String key : List.of(
                "id: \"bad id!\"",
                "url: \"node1:3001\"",
                "coordinatorUrl: \"ftp://coordinator\"",
                "heartbeatInterval: 0",
                "registerOnStartup: \"yes\"",
                "weight: 0")) {
            assertTrue(
                    e.stream().anyMatch(x -> x.startsWith("systemConfig.cluster.node." + key + " (expected: ")),
                    key + " in " + e);
        }
    }

    @Test
    void aNodeBlockThatIsNotAnObject_isAnError() {
        ConfigResult<NodeConfig> r =
                provider.parse(ConfigView.of("systemConfig.cluster", Map.of("node", "coordinator")));
        assertTrue(
                errors(r).contains("systemConfig.cluster.node: \"coordinator\" (expected: an object)"),
                errors(r).toString());
    }

    @Test
    void aHugeWeight_isRefusedWithItsRange() {
        ConfigResult<NodeConfig> r = provider.parse(cluster(Map.of("coordinatorUrl", "http://c", "weight", 5000L)));
        assertTrue(
                errors(r).contains("systemConfig.cluster.node.weight: 5000 (expected: an integer from 1 to 1000)"),
                errors(r).toString());
    }

    @Test
    void urlsMissingFromTheFile_comeFromTheEnvironment() {
        Map<String, String> env =
                Map.of("MCPHUB_NODE_URL", "http://10.0.0.7:4101/", "MCPHUB_COORDINATOR_URL", "http://10.0.0.1:4100");
        ConfigResult<NodeConfig> r = new NodeProvider(env::get).parse(cluster(Map.of("heartbeatInterval", 1000L)));
        assertTrue(r.isOk(), errors(r).toString());
        assertEquals("http://10.0.0.7:4101", r.value().url());
        assertEquals("http://10.0.0.1:4100", r.value().coordinatorUrl());
    }

    @Test
    void urlsInTheFile_winOverTheEnvironment() {
        Map<String, String> env =
                Map.of("MCPHUB_NODE_URL", "http://env-node:1", "MCPHUB_COORDINATOR_URL", "http://env-c:2");
        NodeConfig c = new NodeProvider(env::get)
                .parse(cluster(Map.of("url", "http://file-node:3", "coordinatorUrl", "http://file-c:4")))
                .value();
        assertEquals("http://file-node:3", c.url());
        assertEquals("http://file-c:4", c.coordinatorUrl());
    }

    @Test
    void aBadUrlInTheEnvironment_isAnErrorNamingTheVariable() {
        Map<String, String> env = Map.of("MCPHUB_NODE_URL", "node1:3001", "MCPHUB_COORDINATOR_URL", "coordinator");
        ConfigResult<NodeConfig> r = new NodeProvider(env::get).parse(cluster(Map.of()));
        assertFalse(r.isOk());
        List<String> e = errors(r);
        assertTrue(
                e.contains("environment variable MCPHUB_NODE_URL: \"node1:3001\""
                        + " (expected: an absolute http(s) URL with a host, e.g. \"http://10.0.0.5:3001\")"),
                e.toString());
        assertTrue(
                e.stream().anyMatch(x -> x.startsWith("environment variable MCPHUB_COORDINATOR_URL: \"coordinator\"")),
                e.toString());
    }

    @Test
    void severalCoordinators_asAnArrayOrCommaSeparated_areNormalizedToOneList() {
        NodeConfig fromArray = provider.parse(cluster(
                        Map.of("coordinatorUrl", List.of("http://c1:3000/", "http://c2:3000", "http://c1:3000"))))
                .value();
        assertEquals("http://c1:3000,http://c2:3000", fromArray.coordinatorUrl());
        Map<String, String> env = Map.of("MCPHUB_COORDINATOR_URL", "http://c1:3000, http://c2:3000,");
        NodeConfig fromEnv = new NodeProvider(env::get).parse(cluster(Map.of())).value();
        assertEquals("http://c1:3000,http://c2:3000", fromEnv.coordinatorUrl());
    }

    @Test
    void aBadCoordinatorInAList_isAnErrorNamingItsIndex() {
        ConfigResult<NodeConfig> array =
                provider.parse(cluster(Map.of("coordinatorUrl", List.of("http://c1:3000", "c2:3000"))));
        assertTrue(
                errors(array)
                        .contains("systemConfig.cluster.node.coordinatorUrl[1]: \"c2:3000\""
                                + " (expected: an http(s) URL, e.g. \"http://coordinator:3000\")"),
                errors(array).toString());
        ConfigResult<NodeConfig> comma = provider.parse(cluster(Map.of("coordinatorUrl", "http://c1:3000,ftp://c2")));
        assertTrue(
                errors(comma)
                        .contains("systemConfig.cluster.node.coordinatorUrl[1]: \"ftp://c2\""
                                + " (expected: an http(s) URL, e.g. \"http://coordinator:3000\")"),
                errors(comma).toString());
        ConfigResult<NodeConfig> number = provider.parse(cluster(Map.of("coordinatorUrl", 42L)));
        assertFalse(number.isOk());
        assertTrue(errors(number).get(0).startsWith("systemConfig.cluster.node.coordinatorUrl: 42 (expected: "));
    }
}
