package io.mcphub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's HTTP request as routing reads it, over a real Jetty request, both as a servlet request (Javalin's
 * routes) and as Jetty's own (the MCP POST path, {@link EdgeExchange}): read live while the handler runs, and still
 * right (a snapshot, not a recycled request) when a failover reads it after the handler has returned.
 */
class LiveHttpViewTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<LiveHttpView> kept = new AtomicReference<>();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(cfg -> {
                    cfg.startup.showJavalinBanner = false;
                    cfg.jetty.modifyServer(server -> server.setHandler(new Handler.Sequence(new Handler.Abstract() {
                        @Override
                        public boolean handle(Request request, Response response, Callback callback) {
                            String path = request.getHttpURI().getPath();
                            if (!path.startsWith("/core/")) {
                                return false;
                            }
                            EdgeExchange post = new EdgeExchange(request, response, callback, null);
                            LiveHttpView view = new LiveHttpView(post);
                            if (path.equals("/core/owed")) {
                                view.addResponseHeader("X-MCPHub-Node", view.header("x-route"));
                                view.writeResponseHeaders(post::addHeader);
                                view.addResponseHeader("X-Too-Late", "1");
                                view.detach(true);
                                kept.set(view);
                                post.status(202);
                            } else {
                                view.detach(false);
                                kept.set(view);
                                post.status(200);
                            }
                            return true;
                        }
                    })));
                    cfg.routes.post("/owed", ctx -> {
                        LiveHttpView view = new LiveHttpView(new ServletSource(ctx.req()));
                        view.addResponseHeader("X-MCPHub-Node", view.header("x-route"));
                        view.writeResponseHeaders(ctx.res()::addHeader);
                        view.addResponseHeader("X-Too-Late", "1");
                        view.detach(true);
                        kept.set(view);
                        ctx.status(202);
                    });
                    cfg.routes.post("/done", ctx -> {
                        LiveHttpView view = new LiveHttpView(new ServletSource(ctx.req()));
                        view.detach(false);
                        kept.set(view);
                        ctx.status(200);
                    });
                })
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> post(String path, String route, String cookie) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .header("X-Route", route)
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/core"})
    void aViewDetachedWithAnswersOwed_readsTheClientsHeadersAfterTheRequestIsGone(String layer) throws Exception {
        HttpResponse<String> r = post(layer + "/owed", "node-1", "MCPHUB_NODE=node-1; other=x");
        assertEquals(202, r.statusCode());
        assertEquals("node-1", r.headers().firstValue("X-MCPHub-Node").orElse(null), "added before the answer");
        assertNull(r.headers().firstValue("X-Too-Late").orElse(null), "added after the headers were written");
        LiveHttpView first = kept.get();
        // the next request reuses the connection, and Jetty may reuse the request object: the view must not see it
        post(layer + "/done", "node-2", "MCPHUB_NODE=node-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> kept.get() != first);
        assertEquals("node-1", first.header("X-ROUTE"), "names compare ignoring case");
        assertEquals("node-1", first.cookie("MCPHUB_NODE"));
        assertEquals("x", first.cookie("other"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/core"})
    void aViewDetachedWithNothingOwed_copiesNothing_andReadsNothingAfterwards(String layer) throws Exception {
        assertEquals(200, post(layer + "/done", "node-3", "MCPHUB_NODE=node-3").statusCode());
        assertNull(kept.get().header("X-Route"));
        assertNull(kept.get().cookie("MCPHUB_NODE"));
    }
}
