package io.mcphub.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /mcp} and {@code POST /mcp/{name}} on Jetty's own handler, ahead of Javalin: the path every MCP message
 * of every client takes, on a node and on a coordinator, so it skips the servlet layer (its session handler, filter
 * chain and response wrappers showed as a third of a coordinator's CPU per proxied request). Everything else, GET and
 * DELETE on the same paths included, goes on to Javalin. The guards, the refusals and their JSON-RPC bodies are the
 * same as on Javalin's routes.
 *
 * <p><b>Threading:</b> any of the server's threads; stateless.
 */
final class McpPostHandler extends Handler.Abstract {
    private final String basePath;
    private final Guards guards;
    private final StreamableHttpHandler mcp;

    /** @param basePath MCPHub's BASE_PATH ("" for none) */
    McpPostHandler(String basePath, Guards guards, StreamableHttpHandler mcp) {
        this.basePath = basePath;
        this.guards = guards;
        this.mcp = mcp;
    }

    /**
     * Makes this and {@code others} the server's first handlers, in that order, inside an {@link EdgeDispatch} that
     * serves this handler's requests on the selector thread; Javalin appends its own to the same sequence when it
     * starts.
     */
    void installAhead(Server server, Handler... others) {
        Handler.Sequence first = new Handler.Sequence(this);
        for (Handler h : others) {
            first.addHandler(h);
        }
        server.setHandler(new EdgeDispatch(first, server.getThreadPool(), this::serves));
    }

    /** Whether this handler takes {@code request}: a POST on an MCP endpoint. */
    boolean serves(Request request) {
        return "POST".equals(request.getMethod())
                && endpointName(request.getHttpURI().getDecodedPath()) != null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String name = endpointName(request.getHttpURI().getDecodedPath());
        if (name == null) {
            return false;
        }
        EdgeExchange post = new EdgeExchange(request, response, callback, name.isEmpty() ? null : name);
        EdgeHandlers.serve(post, () -> {
            guards.admit(post, true);
            mcp.post(post);
        });
        return true;
    }

    /**
     * The endpoint a path names: "" for {@code /mcp}, the name for {@code /mcp/{name}}, null for any other path (one
     * trailing slash is ignored, as Javalin does).
     */
    String endpointName(String path) {
        if (path == null || !path.startsWith(basePath)) {
            return null;
        }
        int at = basePath.length();
        if (!path.startsWith("/mcp", at)) {
            return null;
        }
        at += 4;
        int end = path.length();
        if (end > at && path.charAt(end - 1) == '/') {
            end--;
        }
        if (at == end) {
            return "";
        }
        if (path.charAt(at) != '/' || at + 1 == end) {
            return null;
        }
        String name = path.substring(at + 1, end);
        return name.indexOf('/') >= 0 ? null : name;
    }
}
