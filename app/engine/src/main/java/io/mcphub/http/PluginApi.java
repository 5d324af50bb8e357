package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Serves the {@link ApiRoutes} that mode plugins add, translating Javalin's context to and from plain values. */
final class PluginApi {
    private static final long MAX_BODY = 16L * 1024 * 1024;

    private final ApiRoutes routes;
    private final Guards guards;

    PluginApi(ApiRoutes routes, Guards guards) {
        this.routes = routes;
        this.guards = guards;
    }

    void handle(Context ctx) throws Exception {
        String method = ctx.method().name();
        // plugins' routes are relative to the hub's root, whatever BASE_PATH the hub is served under
        String path = ctx.path()
                .substring(ctx.contextPath().equals("/") ? 0 : ctx.contextPath().length());
        ApiRoutes.Match match = routes.match(method, path);
        if (match == null) {
            int status = routes.hasPath(path) ? 405 : 404;
            HttpReplies.json(
                    ctx,
                    status,
                    ApiResponse.error(
                                    status,
                                    (status == 405 ? "Method not allowed: " : "Not found: ") + method + " " + path)
                            .body());
            return;
        }
        guards.admit(ctx, match.route().access() == ApiRoutes.Access.CLIENT);
        JsonNode body = null;
        byte[] bytes = BodyReader.read(ctx, MAX_BODY);
        if (bytes == null) {
            HttpReplies.apiError(ctx, 413, "Request body too large");
            return;
        }
        if (bytes.length > 0) {
            try {
                body = Json.parse(bytes);
            } catch (IOException e) {
                HttpReplies.apiError(ctx, 400, "The body is not valid JSON");
                return;
            }
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ctx.req()
                .getHeaderNames()
                .asIterator()
                .forEachRemaining(n -> headers.put(n, ctx.req().getHeader(n)));
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        ApiResponse r =
                match.route().handler().handle(new ApiRequest(method, path, match.pathParams(), query, headers, body));
        HttpReplies.json(ctx, r.status(), r.body());
    }
}
