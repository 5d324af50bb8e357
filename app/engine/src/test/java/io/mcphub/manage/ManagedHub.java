package io.mcphub.manage;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.api.ApiRoutes;
import io.mcphub.config.ConfigException;
import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import io.mcphub.http.HubServer;
import io.mcphub.hub.Hub;
import io.mcphub.jsonrpc.Json;
import io.mcphub.support.McpHttpClient;
import io.mcphub.upstream.TransportFactory;
import io.mcphub.upstream.Upstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real hub on a real socket, started from a settings file that its management API writes and that it watches. */
final class ManagedHub implements AutoCloseable {
    static final String KEY = "test-management-key";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, JsonNode body, String etag) {}

    final Path file;
    final Hub hub;
    final Management management;
    private final HubServer server;
    private final LiveReload reload;

    private ManagedHub(Path file, Hub hub, Management management, HubServer server, LiveReload reload) {
        this.file = file;
        this.hub = hub;
        this.management = management;
        this.server = server;
        this.reload = reload;
    }

    static ManagedHub start(Path file, String settingsJson) throws IOException, ConfigException {
        Files.writeString(file, settingsJson);
        HubSettings settings = SettingsLoader.withSystemEnv().load(file);
        Hub hub = new Hub(settings, TransportFactory.DEFAULT);
        Management management = new Management(hub, SettingsStore.open(file), SettingsLoader.withSystemEnv());
        HubServer server = new HubServer(hub, "127.0.0.1", 0, new ApiRoutes(), management).start();
        hub.start();
        LiveReload reload = new LiveReload(management, hub.scheduler()).start();
        return new ManagedHub(file, hub, management, server, reload);
    }

    /** Settings with the bearer key on, and the given servers ({@code "name": {...}, ...}) and extra top-level keys. */
    static String settings(String servers, String extra) {
        return "{\"mcpServers\": {" + servers + "},"
                + " \"systemConfig\": {\"routing\": {\"enableBearerAuth\": true, \"bearerAuthKey\": \"" + KEY + "\"},"
                + " \"http\": {\"maxBodyBytes\": 65536}}" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    Answer api(String method, String path, String body) {
        return api(method, path, body, Map.of("Authorization", "Bearer " + KEY));
    }

    Answer api(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : Json.parse(r.body());
            return new Answer(
                    r.statusCode(), json, r.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    McpHttpClient client(String path) {
        return new McpHttpClient(url(path)).withHeader("Authorization", "Bearer " + KEY);
    }

    JsonNode fileJson() throws IOException {
        return Json.parse(Files.readString(file));
    }

    void awaitConnected(String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Upstream u = hub.upstream(name);
            return u != null && u.status().connected();
        });
    }

    @Override
    public void close() {
        reload.close();
        server.stop();
        hub.stop();
    }
}
