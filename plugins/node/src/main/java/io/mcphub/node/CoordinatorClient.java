package io.mcphub.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.api.Secrets;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The node's side of {@code docs/cluster-protocol.md}: {@code register}, {@code heartbeat} and {@code deregister} on
 * the
 * coordinator, each a JSON POST carrying the cluster secret in {@link Secrets#CLUSTER_HEADER}. Calls block the calling
 * thread for at most their timeout; they throw {@link IOException} when the coordinator cannot be reached and return
 * any HTTP answer, whatever its status, as a {@link Reply}.
 */
public final class CoordinatorClient {
    public static final String REGISTER = "/api/cluster/register";
    public static final String HEARTBEAT = "/api/cluster/heartbeat";
    public static final String DEREGISTER = "/api/cluster/deregister";
    /** The node's own drain request before a clean stop (the coordinator's {@code DrainApi}). */
    public static final String DRAIN = "/api/cluster/drain";

    private final String baseUrl;
    private final String secret;
    private final HttpClient http;

    /** A reply from the coordinator: its status and its JSON body ({@code NullNode} when it was not JSON). */
    public record Reply(int status, JsonNode body) {
        /** 2xx and, when the body says, {@code success: true}. */
        public boolean ok() {
            return status / 100 == 2 && body.path("success").asBoolean(true);
        }

        /** The envelope's {@code data}, or a missing node. */
        public JsonNode data() {
            return body.path("data");
        }

        /** The envelope's {@code message}, or the status. */
        public String message() {
            String m = body.path("message").asText("");
            return m.isEmpty() ? "HTTP " + status : m;
        }
    }

    /**
     * @param baseUrl the coordinator's URL, e.g. {@code http://coordinator:3000} (a trailing slash is ignored)
     * @param secret  the cluster secret, sent on every call
     */
    public CoordinatorClient(String baseUrl, String secret, Duration connectTimeout) {
        String b = baseUrl;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.baseUrl = b;
        this.secret = secret;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Reply register(ObjectNode body, Duration timeout) throws IOException, InterruptedException {
        return post(REGISTER, body, timeout);
    }

    public Reply heartbeat(ObjectNode body, Duration timeout) throws IOException, InterruptedException {
        return post(HEARTBEAT, body, timeout);
    }

    /** Asks the coordinator to drain this node; {@code data.sessions} says how many sessions it still has here. */
    public Reply drain(String nodeId, Duration timeout) throws IOException, InterruptedException {
        return post(DRAIN, Json.object().put("id", nodeId), timeout);
    }

    public Reply deregister(String nodeId, Duration timeout) throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("id", nodeId);
        return post(DEREGISTER, body, timeout);
    }

    private Reply post(String path, ObjectNode body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(Secrets.CLUSTER_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode parsed;
        try {
            parsed = response.body().length == 0 ? NullNode.getInstance() : Json.parse(response.body());
        } catch (IOException e) {
            parsed = NullNode.getInstance();
        }
        return new Reply(response.statusCode(), parsed == null ? NullNode.getInstance() : parsed);
    }
}
