package io.mcphub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.interop.SdkClients;
import io.mcphub.testkit.interop.SdkClients.Flavor;
import io.mcphub.testkit.interop.SdkClients.Negotiation;
import io.mcphub.testkit.interop.V2Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 16 sessions of 2025 clients and 16 modern clients at once against one hub in front of one shared 2026-only stdio
 * server: each has its own progress and its own elicitation, and nothing crosses between them.
 */
class ConcurrentErasInteropTest {
    private static final int EACH = 16;
    private static final int STEPS = 5;

    /** One client of the crowd: which SDK and mode, the era it must get, its tag and endpoint. */
    private record Member(String tag, Negotiation mode, String version, SdkClients.Started started) {}

    @Test
    void sixteen2025AndSixteenModernClients_atOnce_eachGetOnlyTheirOwnProgressAndElicitation() throws Exception {
        List<String> stdio = V2Server.stdioCommand("reject");
        String server = "{\"command\": " + RunningHub.quote(stdio.get(0)) + ", \"args\": ["
                + stdio.subList(1, stdio.size()).stream().map(RunningHub::quote).collect(Collectors.joining(", "))
                + "]}";
        try (RunningHub hub = RunningHub.startConnected("{\"mcpServers\": {\"m\": " + server + "}}", "m")) {
            List<Member> crowd = new ArrayList<>();
            try {
                for (int i = 0; i < EACH; i++) {
                    // 2025 sessions: the v1 client and the v2 client in legacy mode, half each
                    crowd.add(start(hub, "legacy" + i, i % 2 == 0 ? null : Negotiation.LEGACY, "2025-11-25", i));
                    crowd.add(start(hub, "modern" + i, Negotiation.PIN, "2026-07-28", i));
                }
                CompletableFuture.allOf(
                                crowd.stream().map(m -> m.started().ready()).toArray(CompletableFuture[]::new))
                        .get(180, TimeUnit.SECONDS);
                // all of them call at once: progress and elicitation of 32 clients interleave on the one upstream
                crowd.forEach(m -> m.started().go());
                for (Member m : crowd) {
                    assertOwnResults(m, m.started().result());
                }
            } finally {
                crowd.forEach(m -> m.started().go());
            }
        }
    }

    private static Member start(RunningHub hub, String tag, Negotiation mode, String version, int i) {
        boolean aggregate = i % 4 < 2;
        SdkClients.Run run = SdkClients.Run.of(
                        hub.url(aggregate ? "/mcp" : "/mcp/m").toString(), aggregate ? "m-" : "", Flavor.BASIC)
                .tag(tag);
        SdkClients.Started started = mode == null ? SdkClients.v1AtBarrier(run) : SdkClients.v2AtBarrier(mode, run);
        return new Member(tag, mode, version, started);
    }

    private static void assertOwnResults(Member m, JsonNode r) {
        String seen = m.tag() + ": " + r;
        assertFalse(r.has("error"), seen);
        assertEquals(m.version(), r.path("protocolVersion").asText(), seen);
        String sdk = m.mode() == null ? "v1" : "v2";
        assertEquals(
                "echo: hello from " + sdk + " " + m.tag(),
                r.path("echo").path("text").asText(),
                seen);
        assertEquals(
                m.tag() + ":done " + STEPS + " steps",
                r.path("progress").path("text").asText(),
                seen);
        List<String> expected = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        for (int i = 1; i <= STEPS; i++) {
            expected.add(m.tag() + ":step " + i);
            steps.add(i);
        }
        // the client's SDK only passes on progress carrying its own request's token; the tag in each message
        // shows that those were its own and not another client's with an equal token
        assertEquals(expected, ModernClientsInteropTest.progressMessages(r), seen);
        List<Integer> got = new ArrayList<>();
        r.path("progress")
                .path("notifications")
                .forEach(n -> got.add(n.path("progress").asInt()));
        assertEquals(steps, got, seen);
        assertEquals(
                "confirmed true for " + m.tag(), r.path("elicit").path("text").asText(), seen);
        assertEquals(List.of("Deploy " + m.tag() + "?"), ModernClientsInteropTest.texts(r.path("elicitations")), seen);
    }
}
