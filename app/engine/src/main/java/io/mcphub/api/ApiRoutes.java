package io.mcphub.api;

import io.mcphub.mode.ModeApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The endpoints mode plugins add under {@code /api/}, so that they never touch the HTTP server. Paths are
 * patterns like {@code /api/cluster/servers/{name}/replicas}.
 */
@ModeApi
public final class ApiRoutes {
    /** Who may call a route: clients (bearer key, when enabled) or anyone (the handler checks its own secret). */
    public enum Access {
        CLIENT,
        SELF_CHECKED
    }

    public record Match(Route route, Map<String, String> pathParams) {}

    public record Route(String method, String pattern, Access access, ApiHandler handler, String[] segments) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public void add(String method, String pattern, Access access, ApiHandler handler) {
        if (!pattern.startsWith("/api/")) {
            throw new IllegalArgumentException("API routes live under /api/: " + pattern);
        }
        routes.add(
                new Route(method, pattern, access, handler, pattern.substring(1).split("/")));
    }

    public void get(String pattern, ApiHandler handler) {
        add("GET", pattern, Access.CLIENT, handler);
    }

    /** The route for a method and path, with its path parameters; null when none matches. */
    public Match match(String method, String path) {
        String[] parts = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        for (Route r : routes) {
            if (!r.method().equals(method) || r.segments().length != parts.length) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            boolean ok = true;
            for (int i = 0; i < parts.length && ok; i++) {
                String seg = r.segments()[i];
                if (seg.startsWith("{") && seg.endsWith("}")) {
                    params.put(seg.substring(1, seg.length() - 1), parts[i]);
                } else {
                    ok = seg.equals(parts[i]);
                }
            }
            if (ok) {
                return new Match(r, params);
            }
        }
        return null;
    }

    /** Whether any route has this path under some method (for 405 rather than 404). */
    public boolean hasPath(String path) {
        for (Route r : routes) {
            if (match(r.method(), path) != null) {
                return true;
            }
        }
        return false;
    }
}
