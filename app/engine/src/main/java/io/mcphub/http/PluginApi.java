package io.mcphub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mcphub.api.ApiRequest;
import io.mcphub.api.ApiResponse;
import io.mcphub.api.ApiRoutes;
import io.mcphub.jsonrpc.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the {@link ApiRoutes} that mode plugins add, on Jetty's own handler ahead of Javalin: a node's heartbeats and
 * registrations come here every few seconds from every node, and a cold path through the servlet layer cost a
 * coordinator milliseconds of CPU each. A path no plugin route matches goes on to Javalin, whose {@code /api/*}
 * catch-all answers it with {@link #notFound}.
 *
 * <p><b>Threading:</b> any of the server's threads; stateless.
 */
final class PluginApi extends Handler.Abstract {
    private static final long MAX_BODY = 16L * 1024 * 1024;

    private final String basePath;
    private final ApiRoutes routes;
    private final Guards guards;

    /** @param basePath MCPHub's BASE_PATH ("" for none): plugins' routes are relative to the hub's root */
    PluginApi(String basePath, ApiRoutes routes, Guards guards) {
        this.basePath = basePath;
        this.routes = routes;
        this.guards = guards;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String full = request.getHttpURI().getPath();
        if (full == null || !full.startsWith(basePath)) {
            return false;
        }
        String path = full.substring(basePath.length());
        ApiRoutes.Match match = routes.match(request.getMethod(), path);
        if (match == null) {
            return false;
        }
        EdgeExchange exchange = new EdgeExchange(request, response, callback, null);
        EdgeHandlers.serve(exchange, () -> serve(exchange, match, path));
        return true;
    }

    private void serve(EdgeExchange exchange, ApiRoutes.Match match, String path) throws Exception {
        guards.admit(exchange, match.route().access() == ApiRoutes.Access.CLIENT);
        JsonNode body = null;
        byte[] bytes = exchange.body(MAX_BODY);
        if (bytes == null) {
            reply(exchange, ApiResponse.error(413, "Request body too large"));
            return;
        }
        if (bytes.length > 0) {
            try {
                body = Json.parse(bytes);
            } catch (IOException e) {
                reply(exchange, ApiResponse.error(400, "The body is not valid JSON"));
                return;
            }
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.forEachHeader(headers::putIfAbsent);
        ApiResponse r = match.route()
                .handler()
                .handle(new ApiRequest(exchange.method(), path, match.pathParams(), exchange.query(), headers, body));
        reply(exchange, r);
    }

    private static void reply(EdgeExchange exchange, ApiResponse r) {
        exchange.reply(r.status(), "application/json", Json.bytes(r.body()));
    }

    /** Javalin's {@code /api/*} catch-all: no plugin route matched (else this handler would have served it). */
    void notFound(Context ctx) {
        String method = ctx.method().name();
        String path = ctx.path()
                .substring(ctx.contextPath().equals("/") ? 0 : ctx.contextPath().length());
        int status = routes.hasPath(path) ? 405 : 404;
        HttpReplies.json(
                ctx,
                status,
                ApiResponse.error(
                                status, (status == 405 ? "Method not allowed: " : "Not found: ") + method + " " + path)
                        .body());
    }
}
