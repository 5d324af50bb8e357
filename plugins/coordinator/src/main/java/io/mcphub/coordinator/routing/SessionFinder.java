package io.mcphub.coordinator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import io.mcphub.spi.NodeView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a client session's placement again instead of storing it: the nodes know which client sessions they hold
 * ({@code POST /api/cluster/held}), so a coordinator that has no placement of session S for server X asks the
 * healthy replicas of X once, in parallel, and remembers the answer in its affinity table, with the node's own
 * session id, which it then continues (the same {@code perSessionClient} process, the same server-side state)
 * rather than opening a new one.
 *
 * <p>It asks only when it matters: the session was continued here from another coordinator, or other coordinators
 * exist (the session may have reached a node through one of them). A lone coordinator that opened the session
 * itself already has every placement.
 *
 * <p><b>Threading:</b> safe for any thread; {@link #find} blocks up to its timeout (a request's first call to a
 * server, once per coordinator).
 */
final class SessionFinder {
    private static final Logger log = LoggerFactory.getLogger(SessionFinder.class);
    /** A node's session for a client session on one server. */
    record Held(String nodeId, String nodeSessionId) {}

    static final String PATH = "/api/cluster/held";
    /**
     * A replica that holds the session but answers late would cost the session its node-side state (a new one is
     * opened): generous, since a replica that is down refuses at once and one that is up answers in milliseconds.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String secret;
    private final IntSupplier coordinators;
    private final Clock clock;
    private final HttpClient http;
    /** client sessions continued here from another coordinator -> when (ms), swept with the affinity table */
    private final Map<String, Long> continued = new ConcurrentHashMap<>();
    /** client session + node + server -> the node's session to continue, until its node session opens */
    private final Map<String, String> adoptions = new ConcurrentHashMap<>();

    /** @param coordinators how many coordinators the nodes report to */
    SessionFinder(String secret, IntSupplier coordinators, Clock clock) {
        this.secret = secret;
        this.coordinators = coordinators;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** A session another coordinator opened is continued here. */
    void continued(String sessionId) {
        continued.put(sessionId, clock.millis());
    }

    /** True when other coordinators exist: node sessions are shared, and a client's end is not the node's. */
    boolean shared() {
        return coordinators.getAsInt() > 1;
    }

    /** Whether a session without a placement here may have one on a node already. */
    boolean worthAsking(String sessionId) {
        return continued.containsKey(sessionId) || shared();
    }

    /**
     * The replica that holds a session for (client session, server), or null: none does, or none answered in time.
     * The first replica that says it holds one answers; the others are not waited for.
     */
    Held find(ReplicaSet set, String sessionId, String server) {
        List<NodeView> replicas = set.healthy();
        byte[] body = Json.bytes(Json.object().put("clientSession", sessionId).put("server", server));
        CompletableFuture<Held> found = new CompletableFuture<>();
        List<CompletableFuture<Held>> asks = new ArrayList<>(replicas.size());
        for (NodeView n : replicas) {
            ClusterNode node = set.node(n.id());
            if (node != null) {
                CompletableFuture<Held> ask = ask(node, body);
                ask.thenAccept(h -> {
                    if (h != null) {
                        found.complete(h);
                    }
                });
                asks.add(ask);
            }
        }
        // every replica has answered: the holder, if any (its own callback may not have run yet: dependents of one
        // future run in no promised order), else none
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .whenComplete((ok, error) -> found.complete(asks.stream()
                        .map(ask -> ask.getNow(null))
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null)));
        try {
            Held held = found.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.debug(
                    "session {} on {}: {} of {} replicas asked holds it",
                    sessionId,
                    server,
                    held == null ? "none" : held.nodeId(),
                    asks.size());
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private CompletableFuture<Held> ask(ClusterNode node, byte[] body) {
        // a replica that cannot be asked holds nothing we can use

        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url().replaceAll("/+$", "") + PATH))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(Secrets.CLUSTER_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> r.statusCode() == 200 ? held(node.id(), r.body()) : null)
                .exceptionally(e -> null);
    }

    private static Held held(String nodeId, byte[] body) {
        try {
            JsonNode data = Json.parse(body).path("data");
            String id = data.path("sessionId").asText(null);
            return data.path("held").asBoolean() && id != null ? new Held(nodeId, id) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Remembers that the session's node session on {@code nodeId} for {@code server} is to be continued. */
    void adopt(String sessionId, String server, Held held) {
        adoptions.put(key(sessionId, held.nodeId(), server), held.nodeSessionId());
    }

    /** The node session to continue for (client session, node, server), once; null to open a new one. */
    String takeAdoption(String sessionId, String nodeId, String server) {
        return adoptions.isEmpty() ? null : adoptions.remove(key(sessionId, nodeId, server));
    }

    /** Forgets what is older than {@code maxAge}: sessions that were continued long ago have their placements. */
    void sweep(Duration maxAge) {
        long cutoff = clock.millis() - maxAge.toMillis();
        continued.values().removeIf(t -> t < cutoff);
        if (continued.isEmpty()) {
            adoptions.clear();
        }
    }

    private static String key(String sessionId, String nodeId, String server) {
        return sessionId + "\n" + nodeId + "\n" + server;
    }
}
