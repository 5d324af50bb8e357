package io.mcphub.testcluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.ModernClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 2026-07-28 client's {@code subscriptions/listen} on the coordinator for a resource of a cluster server: relayed
 * to one replica, it hears that replica's resource updates; when that node dies the listen moves to the other
 * replica, the client is told the resource may have changed meanwhile, and later updates on the other replica reach
 * it on the same stream. Both for a 2026 server (the node relays the listen) and a 2025 one (the node subscribes).
 */
class ListenFailoverTest {
    private static final String URI_WATCHED = "test://watched-resource";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"2025", "2026"})
    void aListenOnTheCoordinator_movesToAnotherReplicaWhenItsNodeDies_andTellsTheClientWhatItMayHaveMissed(String era)
            throws Exception {
        try (TestCluster cluster = TestCluster.builder()
                .nodes(2)
                .heartbeatInterval(Duration.ofMillis(500))
                .nodeServers(i -> {
                    ObjectNode servers = Json.object();
                    servers.set("watched", TestCluster.fixtureServer("watched@node-" + (i + 1), "--era", era));
                    return servers;
                })
                .start()) {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            ModernClient client = new ModernClient(URI.create(cluster.coordinatorUrl() + "/mcp/watched"));
            ObjectNode params = Json.object();
            params.putObject("notifications").putArray("resourceSubscriptions").add(URI_WATCHED);
            ObjectNode listen = client.request("subscriptions/listen", params, null);
            CompletableFuture<HttpResponse<Stream<String>>> stream = open(cluster, listen, events);
            JsonNode ack = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(ack, "no acknowledgement");
            assertEquals(
                    "notifications/subscriptions/acknowledged",
                    ack.path("method").asText(),
                    ack.toString());

            // which replica holds the listen: an update made on that node alone reaches the client
            int holder = -1;
            for (int i = 0; i < 2 && holder < 0; i++) {
                update(cluster, i);
                JsonNode e = events.poll(3, TimeUnit.SECONDS);
                if (e != null) {
                    assertUpdated(e, listen);
                    holder = i;
                }
            }
            if (holder < 0) {
                throw new AssertionError("no update reached the listen from either node");
            }
            int other = 1 - holder;

            cluster.kill(holder);
            JsonNode missed = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(missed, "the client was not told its resource may have changed while the listen moved");
            assertUpdated(missed, listen);
            assertFalse(stream.isDone(), "the listen's stream ended instead of moving");

            // the listen now lives on the other replica: its updates reach the same stream
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        update(cluster, other);
                        JsonNode e = events.poll(1, TimeUnit.SECONDS);
                        if (e != null) {
                            assertUpdated(e, listen);
                        }
                        return e != null;
                    });
            stream.cancel(true);
        }
    }

    private static void assertUpdated(JsonNode e, ObjectNode listen) {
        assertEquals("notifications/resources/updated", e.path("method").asText(), e.toString());
        assertEquals(URI_WATCHED, e.path("params").path("uri").asText(), e.toString());
        assertEquals(listen.get("id").asLong(), ModernClient.subscriptionIdOf(e), e.toString());
    }

    /** {@code update_resource} on node {@code index} directly (a 2026 request: no session). */
    private static void update(TestCluster cluster, int index) {
        ModernClient direct = new ModernClient(URI.create(cluster.nodeUrl(index) + "/mcp/watched"));
        ObjectNode p = Json.object().put("name", "update_resource");
        p.putObject("arguments").put("uri", URI_WATCHED);
        JsonNode answer = direct.send(direct.request("tools/call", p, null)).single();
        assertFalse(answer.has("error"), answer.toString());
    }

    /** POSTs the listen and puts every SSE message of its stream on {@code events} as it comes. */
    private static CompletableFuture<HttpResponse<Stream<String>>> open(
            TestCluster cluster, ObjectNode listen, BlockingQueue<JsonNode> events) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.coordinatorUrl() + "/mcp/watched"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(listen)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        ModernClient.headers(listen).forEach(b::header);
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenApply(r -> {
            r.body().filter(l -> l.startsWith("data:")).forEach(l -> {
                try {
                    events.add(Json.parse(l.substring(5).trim()));
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON: " + l, e);
                }
            });
            return r;
        });
    }
}
