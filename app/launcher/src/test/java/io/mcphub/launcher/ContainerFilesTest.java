package io.mcphub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.plugin.PluginRegistry;
import io.mcphub.runtime.HubRuntime;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files, checked offline: the Kubernetes manifests have the fields MCPHub's cluster guide uses
 * (Deployments with the image, port 3000 and the settings file mounted from a ConfigMap; the coordinator's Service),
 * probes on {@code /health} (liveness) and {@code /health/ready} (readiness) at the container's port, settings the
 * hub accepts with every {@code ${VAR}} provided by the container; the compose file's nodes find the coordinator
 * and are found by it; the Dockerfile runs as a non-root user and health-checks {@code /health} on {@code $PORT}.
 * {@code tools/compose-test.sh} runs them for real.
 */
class ContainerFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the image's ENV sets, so a settings file in the image may use them. */
    private static final Set<String> IMAGE_ENV = Set.of("PORT", "HOME", "MCPHUB_SETTING_PATH", "FIXTURE_JAR");

    private static final int IMAGE_PORT = 3000;
    private static final Pattern K8S_VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        assertTrue(Files.isRegularFile(root.resolve("Dockerfile")), "no Dockerfile in " + root);
        return root;
    }

    private static List<Map<String, Object>> manifests() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        Path dir = root().resolve("sample-configs/k8s");
        for (String file : List.of("coordinator.yaml", "nodes.yaml")) {
            for (Object doc : new Yaml().loadAll(Files.readString(dir.resolve(file)))) {
                if (doc != null) {
                    docs.add(map(doc, file));
                }
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        assertTrue(o instanceof Map, where + " is not a mapping: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String where) {
        assertTrue(o instanceof List, where + " is not a list: " + o);
        return (List<Object>) o;
    }

    /** The value at a dotted path of mappings, asserted present. */
    private static Object at(Map<String, Object> doc, String path) {
        Object cur = doc;
        for (String key : path.split("\\.")) {
            cur = map(cur, path).get(key);
            assertNotNull(cur, () -> "missing " + path + " in " + doc);
        }
        return cur;
    }

    private static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc.get("metadata"), "metadata").get("name"));
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = list(at(deployment, "spec.template.spec.containers"), "containers");
        assertEquals(1, containers.size(), name(deployment) + ": one container");
        return map(containers.get(0), "container");
    }

    private static int containerPort(Map<String, Object> deployment) {
        List<Object> ports = list(container(deployment).get("ports"), name(deployment) + " ports");
        return (Integer) map(ports.get(0), "port").get("containerPort");
    }

    /** A sample value for each variable the container provides (its env list and the image's ENV); others unset. */
    private static Map<String, String> provided(Iterable<String> names) {
        Map<String, String> env = new HashMap<>();
        for (String n : names) {
            env.put(n, n.endsWith("_URL") ? "http://10.0.0.9:" + IMAGE_PORT : "sample-" + n + "-0123456789abcdef");
        }
        IMAGE_ENV.forEach(n -> env.putIfAbsent(n, "sample-" + n));
        return env;
    }

    /** The settings parse with these variables, and the hub (with its standard plugins) accepts them. */
    private static void assertHubAccepts(String settingsJson, Map<String, String> env, String source) {
        try {
            HubSettings settings = new SettingsLoader(env::get).parse(settingsJson, source);
            List<String> problems = HubRuntime.validate(settings, PluginRegistry.load(List.of()));
            assertTrue(problems.isEmpty(), source + ": " + problems);
        } catch (ConfigException e) {
            throw new AssertionError(source + ": " + e.getMessage(), e);
        }
    }

    @Test
    void kubernetesManifests_haveTheKindsAndFieldsOfTheClusterGuide() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, String> apiVersions = Map.of("ConfigMap", "v1", "Deployment", "apps/v1", "Service", "v1");
        for (Map<String, Object> doc : docs) {
            String kind = String.valueOf(doc.get("kind"));
            assertEquals(apiVersions.get(kind), doc.get("apiVersion"), "apiVersion of " + kind + " " + name(doc));
            assertTrue(name(doc).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), "a DNS-1123 name: " + name(doc));
        }
        List<String> deployments = ofKind(docs, "Deployment").stream()
                .map(ContainerFilesTest::name)
                .toList();
        assertEquals(List.of("mcphub-coordinator", "mcphub-node"), deployments);
        assertEquals(1, at(ofKind(docs, "Deployment").get(0), "spec.replicas"), "one coordinator");

        for (Map<String, Object> d : ofKind(docs, "Deployment")) {
            Map<String, Object> labels = map(at(d, "spec.template.metadata.labels"), "labels");
            Map<String, Object> selector = map(at(d, "spec.selector.matchLabels"), "matchLabels");
            assertTrue(labels.entrySet().containsAll(selector.entrySet()), name(d) + ": the selector selects its pods");
            Map<String, Object> c = container(d);
            assertTrue(String.valueOf(c.get("image")).startsWith("mcphub-java"), name(d) + " image: " + c.get("image"));
            assertEquals(IMAGE_PORT, containerPort(d), name(d) + ": the image listens on PORT=" + IMAGE_PORT);

            Map<String, Object> mount =
                    map(list(c.get("volumeMounts"), "volumeMounts").get(0), "volumeMount");
            assertEquals("/app/mcp_settings.json", mount.get("mountPath"), name(d));
            assertEquals("mcp_settings.json", mount.get("subPath"), name(d));
            Map<String, Object> volume =
                    map(list(at(d, "spec.template.spec.volumes"), "volumes").get(0), "volume");
            assertEquals(mount.get("name"), volume.get("name"), name(d) + ": the mount is of its volume");
            String configMap = String.valueOf(at(volume, "configMap.name"));
            assertTrue(
                    ofKind(docs, "ConfigMap").stream()
                            .anyMatch(m -> name(m).equals(configMap)
                                    && map(m.get("data"), "data").containsKey("mcp_settings.json")),
                    name(d) + ": ConfigMap " + configMap + " with mcp_settings.json");
        }
    }

    @Test
    void kubernetesProbes_askLivenessAndReadinessOnTheContainersPort() throws IOException {
        Map<String, String> paths = Map.of("livenessProbe", "/health", "readinessProbe", "/health/ready");
        for (Map<String, Object> d : ofKind(manifests(), "Deployment")) {
            Map<String, Object> c = container(d);
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(at(map(c.get(probe), name(d) + " " + probe), "httpGet"), probe);
                assertEquals(paths.get(probe), get.get("path"), name(d) + " " + probe);
                assertEquals(containerPort(d), get.get("port"), name(d) + " " + probe + " port");
            }
        }
    }

    @Test
    void kubernetesConfigMaps_holdSettingsTheHubAccepts_withEveryVariableTheContainerProvides() throws IOException {
        List<Map<String, Object>> docs = manifests();
        for (Map<String, Object> d : ofKind(docs, "Deployment")) {
            Set<String> envNames = new LinkedHashSet<>();
            for (Object e : list(container(d).get("env"), name(d) + " env")) {
                Map<String, Object> var = map(e, "env var");
                Matcher ref = K8S_VAR_REF.matcher(String.valueOf(var.getOrDefault("value", "")));
                while (ref.find()) {
                    // Kubernetes expands $(X) only from variables listed before it
                    assertTrue(
                            envNames.contains(ref.group(1)),
                            name(d) + ": " + var.get("name") + " uses $(" + ref.group(1) + ") before it is defined");
                }
                envNames.add(String.valueOf(var.get("name")));
            }
            assertTrue(envNames.contains("MCPHUB_CLUSTER_SECRET"), name(d) + " gets the cluster secret");
            String configMap = String.valueOf(at(
                    map(list(at(d, "spec.template.spec.volumes"), "volumes").get(0), "volume"), "configMap.name"));
            Map<String, Object> cm = ofKind(docs, "ConfigMap").stream()
                    .filter(m -> name(m).equals(configMap))
                    .findFirst()
                    .orElseThrow();
            String settings = String.valueOf(map(cm.get("data"), "data").get("mcp_settings.json"));
            assertHubAccepts(settings, provided(envNames), "ConfigMap " + configMap);
        }
    }

    @Test
    void kubernetesNodes_findTheCoordinatorService_andAdvertiseTheirPodOnTheirPort() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, Object> service = ofKind(docs, "Service").stream()
                .filter(s -> name(s).equals("mcphub-coordinator"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service mcphub-coordinator"));
        Map<String, Object> port = map(list(at(service, "spec.ports"), "ports").get(0), "port");
        Map<String, Object> coordinator = ofKind(docs, "Deployment").get(0);
        assertEquals(
                map(at(coordinator, "spec.template.metadata.labels"), "labels"),
                map(at(service, "spec.selector"), "selector"),
                "the Service selects the coordinator's pods");
        assertEquals(containerPort(coordinator), port.get("targetPort"), "the Service targets the container's port");

        Map<String, Object> nodeConfig = ofKind(docs, "ConfigMap").stream()
                .filter(m -> name(m).equals("mcphub-node-config"))
                .findFirst()
                .orElseThrow();
        JsonNode settings =
                JSON.readTree(String.valueOf(map(nodeConfig.get("data"), "data").get("mcp_settings.json")));
        URI coordinatorUrl = URI.create(
                settings.at("/systemConfig/cluster/node/coordinatorUrl").asText());
        assertEquals(name(service), coordinatorUrl.getHost(), "nodes reach the coordinator by its Service");
        assertEquals(port.get("port"), coordinatorUrl.getPort(), "on the Service's port");

        Map<String, Object> node = ofKind(docs, "Deployment").get(1);
        String nodeUrl = list(container(node).get("env"), "env").stream()
                .map(e -> map(e, "env"))
                .filter(e -> "MCPHUB_NODE_URL".equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the node pods set MCPHUB_NODE_URL"));
        assertEquals("http://$(POD_IP):" + containerPort(node), nodeUrl, "each pod advertises its own IP and port");
    }

    @Test
    void composeFile_runsACoordinatorAndTwoNodesThatFindEachOther_withSettingsTheHubAccepts() throws IOException {
        Path dir = root().resolve("sample-configs");
        Map<String, Object> compose =
                map(new Yaml().load(Files.readString(dir.resolve("docker-compose.yml"))), "compose");
        Map<String, Object> services = map(compose.get("services"), "services");
        assertEquals(Set.of("coordinator", "node1", "node2"), services.keySet());
        List<Object> published =
                list(map(services.get("coordinator"), "coordinator").get("ports"), "coordinator ports");
        assertTrue(String.valueOf(published.get(0)).endsWith(":" + IMAGE_PORT), "publishes the container's port");

        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> service = map(e.getValue(), e.getKey());
            assertTrue(String.valueOf(service.get("image")).contains("mcphub-java"), e.getKey() + " image");
            Map<String, String> env = new HashMap<>();
            for (Object item : list(service.get("environment"), e.getKey() + " environment")) {
                String[] kv = String.valueOf(item).split("=", 2);
                env.put(kv[0], kv[1]);
            }
            String mount = String.valueOf(
                    list(service.get("volumes"), e.getKey() + " volumes").get(0));
            assertTrue(mount.endsWith(":/app/mcp_settings.json:ro"), e.getKey() + " mounts its settings: " + mount);
            Path settings = dir.resolve(mount.substring(0, mount.indexOf(':')));
            assertHubAccepts(Files.readString(settings), provided(env.keySet()), e.getKey() + " (" + settings + ")");
            if (e.getKey().startsWith("node")) {
                assertEquals("http://coordinator:" + IMAGE_PORT, env.get("MCPHUB_COORDINATOR_URL"), e.getKey());
                assertEquals("http://" + e.getKey() + ":" + IMAGE_PORT, env.get("MCPHUB_NODE_URL"), e.getKey());
                assertFalse(
                        Files.readString(settings).contains("\"url\""),
                        e.getKey() + ": no node.url in the file, so MCPHUB_NODE_URL or the real address is used");
            }
        }
    }

    @Test
    void dockerfile_runsAsNonRoot_honoursPort_andHealthChecksHealthOnIt() throws IOException {
        String dockerfile = Files.readString(root().resolve("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertTrue(user.find(), "a USER line");
        assertFalse(Set.of("root", "0").contains(user.group(1)), "runs as " + user.group(1));
        Matcher from = Pattern.compile("(?m)^FROM \\$\\{BASE_IMAGE}\\s*$").matcher(dockerfile);
        assertTrue(from.find(), "the runtime stage is FROM ${BASE_IMAGE}");
        assertTrue(
                Pattern.compile("(?m)^ARG BASE_IMAGE=\\S+").matcher(dockerfile).find(), "BASE_IMAGE has a default");
        for (String env : IMAGE_ENV) {
            assertTrue(Pattern.compile("\\b" + env + "=").matcher(dockerfile).find(), "the image sets " + env);
        }
        Matcher health =
                Pattern.compile("(?s)HEALTHCHECK .*?CMD (.*?)\\n(?!\\s)").matcher(dockerfile);
        assertTrue(health.find(), "a HEALTHCHECK");
        assertTrue(health.group(1).contains("${PORT"), "checks the port PORT says: " + health.group(1));
        assertTrue(
                health.group(1).contains("/health") && health.group(1).contains("GET %s"),
                "checks /health: " + health.group(1));
        assertTrue(
                dockerfile.contains("COPY sample-configs/standalone.json /app/mcp_settings.json"),
                "the image has settings that work inside it");
        String standalone = Files.readString(root().resolve("sample-configs/standalone.json"));
        assertTrue(standalone.contains("${FIXTURE_JAR:-"), "the sample servers take the image's FIXTURE_JAR");
        assertHubAccepts(standalone, provided(Set.of()), "standalone.json");

        String ignore = Files.readString(root().resolve(".dockerignore"));
        assertTrue(
                ignore.contains("**/target/") && ignore.lines().anyMatch(l -> l.equals("*")),
                "the build context is the sources only");
    }
}
