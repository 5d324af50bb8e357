package io.mcphub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.interop.SdkClients;
import io.mcphub.testkit.interop.SdkClients.Flavor;
import io.mcphub.testkit.interop.SdkClients.Negotiation;
import io.mcphub.testkit.interop.V2Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official TypeScript SDK clients (v2 2.4.0 pinned to 2026-07-28, in auto and in legacy; v1 1.32.2) against one
 * hub fronting a 2026-only v2 server over stdio and over HTTP (the SDK's own handler), v2 servers on their defaults
 * (HTTP: 2025 served statelessly; stdio: dual-era), and server-everything, on /mcp and on /mcp/{server}: list, call,
 * progress, elicitation and sampling answered by the client, and a tool-list change reaching the client.
 */
class ModernClientsInteropTest {
    static final String MODERN = "2026-07-28";
    static final String LEGACY = "2025-11-25";

    /** A client and the era it must end up on through the hub. */
    enum Client {
        V2_PIN(Negotiation.PIN, MODERN),
        V2_AUTO(Negotiation.AUTO, MODERN),
        V2_LEGACY(Negotiation.LEGACY, LEGACY),
        V1(null, LEGACY);

        final Negotiation negotiation;
        final String version;

        Client(Negotiation negotiation, String version) {
            this.negotiation = negotiation;
            this.version = version;
        }

        boolean modern() {
            return MODERN.equals(version);
        }

        JsonNode run(SdkClients.Run run) {
            return negotiation == null ? SdkClients.v1(run) : SdkClients.v2(negotiation, run);
        }

        /** The text the client puts into echo ("hello from v2" or "hello from v1"). */
        String greeting() {
            return negotiation == null ? "hello from v1" : "hello from v2";
        }
    }

    /** An upstream of the hub, by its name there. */
    enum Upstream {
        STRICT_STDIO("strictstdio", Flavor.V2),
        STRICT_HTTP("stricthttp", Flavor.V2),
        V2_DEFAULTS_HTTP("v2defaults", Flavor.V2),
        V2_DEFAULTS_STDIO("v2stdio", Flavor.V2),
        EVERYTHING("everything", Flavor.EVERYTHING);

        final String name;
        final Flavor flavor;

        Upstream(String name, Flavor flavor) {
            this.name = name;
            this.flavor = flavor;
        }
    }

    // server-everything has no tool that changes its list: the change is the hub's own (a tool switched off through
    // its API), a different tool for every run so that the tools each run calls stay on
    private static final List<String> EVERYTHING_SPARE_TOOLS = List.of(
            "get-annotated-message",
            "get-env",
            "get-resource-links",
            "get-resource-reference",
            "get-structured-content",
            "get-sum",
            "get-tiny-image",
            "gzip-file-as-resource",
            "toggle-simulated-logging",
            "toggle-subscriber-updates");
    private static final AtomicInteger SPARE = new AtomicInteger();

    private static V2Server strictHttp;
    private static V2Server defaultsHttp;
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        strictHttp = V2Server.startHttp("reject");
        defaultsHttp = V2Server.startHttp("stateless");
        String everything = EverythingStdio.settings();
        String everythingEntry = everything.substring(everything.indexOf("\"everything\""), everything.length() - 2);
        hub = RunningHub.startConnected(
                "{\"mcpServers\": {\"strictstdio\": " + stdio("reject") + ", \"v2stdio\": " + stdio("serve")
                        + ", \"stricthttp\": " + http(strictHttp)
                        + ", \"v2defaults\": " + http(defaultsHttp) + ", " + everythingEntry + "}}",
                "strictstdio",
                "v2stdio",
                "stricthttp",
                "v2defaults",
                "everything");
    }

    private static String stdio(String legacy) {
        List<String> command = V2Server.stdioCommand(legacy);
        return "{\"command\": " + RunningHub.quote(command.get(0)) + ", \"args\": ["
                + command.subList(1, command.size()).stream()
                        .map(RunningHub::quote)
                        .collect(Collectors.joining(", "))
                + "]}";
    }

    private static String http(V2Server server) {
        return "{\"type\": \"streamable-http\", \"url\": " + RunningHub.quote(server.url()) + "}";
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (strictHttp != null) {
            strictHttp.close();
        }
        if (defaultsHttp != null) {
            defaultsHttp.close();
        }
    }

    static Stream<Arguments> pairings() {
        List<Arguments> all = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            for (Client client : Client.values()) {
                all.add(Arguments.of(client, upstream, "/mcp"));
                all.add(Arguments.of(client, upstream, "/mcp/" + upstream.name));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @MethodSource("pairings")
    void sdkClient_getsEveryFeatureThroughTheHub_onItsEra(Client client, Upstream upstream, String endpoint) {
        String prefix = "/mcp".equals(endpoint) ? upstream.name + "-" : "";
        SdkClients.Run run = SdkClients.Run.of(hub.url(endpoint).toString(), prefix, upstream.flavor);
        String toggled = null;
        if (upstream == Upstream.EVERYTHING) {
            toggled = EVERYTHING_SPARE_TOOLS.get(SPARE.getAndIncrement() % EVERYTHING_SPARE_TOOLS.size());
            run = run.change(hub.url("/api/servers/everything/tools/" + toggled + "/toggle")
                    .toString());
        }
        JsonNode r = client.run(run);
        String seen = r.toString();
        assertFalse(r.has("error"), () -> "the client failed: " + seen);
        assertEquals(client.version, r.path("protocolVersion").asText(), seen);
        assertEquals(client.modern() ? "modern" : "legacy", r.path("era").asText(), seen);
        List<String> tools = texts(r.path("tools"));
        if (upstream.flavor == Flavor.V2) {
            assertsV2Tools(client, r, prefix, tools);
        } else {
            assertsEverythingTools(client, r, prefix, tools);
        }
        JsonNode change = r.path("listChanged");
        assertEquals(
                client.modern() ? "listen" : "notification", change.path("via").asText(), seen);
        if (client.modern()) {
            assertTrue(change.path("honored").path("toolsListChanged").asBoolean(), seen);
        }
        assertTrue(change.path("notified").asInt() >= 1, seen);
        assertTrue(change.path("changed").asBoolean(), seen);
        List<String> after = texts(change.path("toolsAfter"));
        if (toggled != null) {
            assertEquals(200, change.path("toggle").asInt(), seen);
            assertFalse(after.contains(prefix + toggled), seen);
            assertTrue(after.contains(prefix + "echo"), seen);
        } else {
            assertTrue(after.stream().anyMatch(t -> t.startsWith(prefix + "added_") && !tools.contains(t)), seen);
        }
    }

    private static void assertsV2Tools(Client client, JsonNode r, String prefix, List<String> tools) {
        String seen = r.toString();
        for (String tool : List.of("echo", "progress", "confirm", "ask_llm", "state_only", "touch")) {
            assertTrue(tools.contains(prefix + tool), () -> tool + " missing: " + seen);
        }
        assertEquals("echo: " + client.greeting(), r.path("echo").path("text").asText(), seen);
        assertEquals("done 3 steps", r.path("progress").path("text").asText(), seen);
        assertEquals(List.of("step 1", "step 2", "step 3"), progressMessages(r), seen);
        assertEquals("confirmed true", r.path("elicit").path("text").asText(), seen);
        assertEquals(List.of("Deploy?"), texts(r.path("elicitations")), seen);
        assertEquals("model said Paris", r.path("sample").path("text").asText(), seen);
        assertEquals(List.of("Capital of France?"), texts(r.path("samplings")), seen);
        assertEquals(
                "state came back: round-1", r.path("stateOnly").path("text").asText(), seen);
    }

    private static void assertsEverythingTools(Client client, JsonNode r, String prefix, List<String> tools) {
        String seen = r.toString();
        for (String tool : List.of(
                "echo", "trigger-long-running-operation", "trigger-elicitation-request", "trigger-sampling-request")) {
            assertTrue(tools.contains(prefix + tool), () -> tool + " missing: " + seen);
        }
        assertEquals("Echo: " + client.greeting(), r.path("echo").path("text").asText(), seen);
        assertEquals(
                "Long running operation completed. Duration: 0.3 seconds, Steps: 3.",
                r.path("progress").path("text").asText(),
                seen);
        List<Integer> steps = new ArrayList<>();
        r.path("progress")
                .path("notifications")
                .forEach(n -> steps.add(n.path("progress").asInt()));
        assertEquals(List.of(1, 2, 3), steps, seen);
        String elicited = r.path("elicit").path("text").asText();
        assertTrue(elicited.startsWith("✅ User provided the requested information!\nUser inputs:\n- Name: Ada"), seen);
        assertEquals(List.of("Please provide inputs for the following fields:"), texts(r.path("elicitations")), seen);
        assertTrue(r.path("sample").path("text").asText().contains("\"text\": \"Paris\""), seen);
        assertEquals(
                List.of("Resource trigger-sampling-request context: Capital of France?"),
                texts(r.path("samplings")),
                seen);
        assertFalse(
                r.path("elicit").path("isError").asBoolean()
                        || r.path("sample").path("isError").asBoolean(),
                seen);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> progressMessages(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("progress")
                .path("notifications")
                .forEach(n -> out.add(n.path("message").asText()));
        return out;
    }
}
