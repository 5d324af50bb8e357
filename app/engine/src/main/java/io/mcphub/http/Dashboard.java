package io.mcphub.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mcphub.config.DashboardConfig;
import io.mcphub.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' web page ({@code systemConfig.dashboard}): static files from the jar's {@code dashboard/} folder,
 * served at the configured path, and {@code GET /api/events}, the stream that keeps the page live. The page reads
 * and writes through the management API with the bearer key, like any client; serving it needs no key (it holds
 * nothing), the events do.
 *
 * <p><b>Threading:</b> built and registered once; the handlers are safe for any request thread. <b>Nullability:</b>
 * none.
 */
final class Dashboard {
    /** The page's files, in the jar under {@code dashboard/}: a fixed list, so no other resource is reachable. */
    static final List<String> FILES = List.of("index.html", "app.js", "api.js", "view.js", "style.css");

    private static final String INDEX = "index.html";
    /** Same-origin only: the page loads nothing from elsewhere, and no other site may frame it. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {}

    private final DashboardConfig config;
    private final Guards guards;
    private final DashboardEvents events;
    private final Map<String, Asset> assets;

    Dashboard(Hub hub, Guards guards) {
        this.config = hub.settings().dashboard();
        this.guards = guards;
        this.events = new DashboardEvents(
                hub.settings().http().keepAliveInterval(),
                hub.settings().cluster().activeMode());
        this.assets = config.enabled() ? load() : Map.of();
        if (config.enabled()) {
            hub.addCatalogListener(u -> events.serversChanged());
            hub.addClusterListener(events::clusterChanged);
        }
    }

    /** Adds the page's routes and {@code /api/events} (before the catch-all {@code /api/*}); nothing when off. */
    void register(JavalinConfig cfg) {
        if (!config.enabled()) {
            return;
        }
        cfg.routes.get("/api/events", ctx -> {
            guards.admit(ctx, true);
            events.stream(ctx);
        });
        String dir = config.path().equals("/") ? "/" : config.path() + "/";
        cfg.routes.get(config.path(), page(INDEX));
        for (String name : FILES) {
            if (!name.equals(INDEX)) {
                cfg.routes.get(dir + name, page(name));
            }
        }
        cfg.events.serverStopping(events::close);
    }

    private Handler page(String name) {
        Asset asset = assets.get(name);
        return ctx -> {
            guards.admit(ctx, false);
            byte[] body = name.equals(INDEX) ? index(ctx, asset.bytes()) : asset.bytes();
            ctx.header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-cache")
                    .contentType(asset.contentType())
                    .result(body);
        };
    }

    /**
     * The page knows where it and the API are: {@code %BASE%} becomes the page's folder (for its relative links),
     * {@code %ROOT%} the hub's root (MCPHub's {@code BASE_PATH}); both are validated paths, safe in HTML.
     */
    private byte[] index(Context ctx, byte[] template) {
        String root = ctx.contextPath().equals("/") ? "" : ctx.contextPath();
        String base = root + (config.path().equals("/") ? "/" : config.path() + "/");
        String html = new String(template, StandardCharsets.UTF_8)
                .replace("%BASE%", base)
                .replace("%ROOT%", root);
        return html.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> out = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no dashboard/" + name);
                }
                out.put(name, new Asset(in.readAllBytes(), contentType(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(out);
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }
}
