package io.mcphub.plugins.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigResult;
import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeHealth;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import io.mcphub.spi.testing.FakeNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieStrategyTest {
    private static final String PATH = "systemConfig.cluster.stickySession";
    private final CookieProvider provider = new CookieProvider();
    private final List<NodeView> nodes = FakeNode.healthy(3);

    private StickyStrategy strategy(Map<String, ?> block) {
        ConfigResult<CookieConfig> r = provider.parse(ConfigView.of(PATH, block));
        assertTrue(r.isOk(), r::toString);
        return provider.create(r.value());
    }

    private static RoutingRequest withCookie(String name, String value) {
        return RoutingRequest.of("s1", "time", Map.of(), Map.of(name, value));
    }

    /** The cookie value the hub issues for {@code node}. */
    private static String issued(StickyStrategy.Router router, NodeView node) {
        ResponseHeader h =
                router.onPlaced(node, RoutingRequest.forSession("s1", "time")).get(0);
        assertEquals("Set-Cookie", h.name());
        String v = h.value();
        return v.substring(v.indexOf('=') + 1, v.indexOf(';'));
    }

    @Test
    void defaults_followMcpHub() {
        CookieConfig c = provider.parse(ConfigView.empty(PATH)).value();
        assertEquals("MCPHUB_NODE", c.cookieName());
        assertTrue(c.httpOnly());
        assertFalse(c.secure());
        assertEquals("Lax", c.sameSite());
        assertEquals(3600, c.maxAge());
        assertTrue(c.tokens().signed());
    }

    @Test
    void invalidOptions_areReported() {
        ConfigResult<CookieConfig> r = provider.parse(ConfigView.of(
                PATH,
                Map.of(
                        "cookieName",
                        "MY COOKIE",
                        "cookie",
                        Map.of("sameSite", "None", "maxAge", -1, "secret", "short"))));
        assertEquals(
                List.of(
                        PATH
                                + ".cookieName: \"MY COOKIE\" (expected: a cookie name (letters, digits, and "
                                + "!#$%&'*+.^_`|~-))",
                        PATH + ".cookie.sameSite: \"None\" (expected: Strict or Lax, or secure: true with None)",
                        PATH + ".cookie.maxAge: -1 (expected: an integer from 0 to 34560000)",
                        PATH + ".cookie.secret: \"short\" (expected: a string of at least 16 characters)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void maxAgeBeyondWhatBrowsersKeep_isRefused() {
        ConfigResult<CookieConfig> r =
                provider.parse(ConfigView.of(PATH, Map.of("cookie", Map.of("maxAge", 1L << 40))));
        assertEquals(
                List.of(PATH + ".cookie.maxAge: 1099511627776 (expected: an integer from 0 to 34560000)"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void placement_setsTheCookieWithItsAttributes() {
        StickyStrategy s = strategy(Map.of(
                "cookieName",
                "NODE",
                "cookie",
                Map.of("secure", true, "sameSite", "strict", "maxAge", 60, "signed", false)));
        List<ResponseHeader> h =
                s.router(NodeSet.of(nodes)).onPlaced(nodes.get(1), RoutingRequest.forSession("s", "t"));
        assertEquals(
                List.of(new ResponseHeader(
                        "Set-Cookie", "NODE=node-1; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Strict")),
                h);
    }

    @Test
    void issuedCookie_isHonoured_andNotReissued() {
        StickyStrategy.Router router = strategy(Map.of()).router(NodeSet.of(nodes));
        String value = issued(router, nodes.get(2));
        assertEquals(
                "node-2",
                router.route(withCookie("MCPHUB_NODE", value)).orElseThrow().id());
        assertTrue(
                router.onPlaced(nodes.get(2), withCookie("MCPHUB_NODE", value)).isEmpty());
    }

    @Test
    void forgedOrForeignSignedCookie_isIgnored() {
        StickyStrategy.Router router = strategy(Map.of()).router(NodeSet.of(nodes));
        String good = issued(router, nodes.get(0));
        assertTrue(router.route(withCookie("MCPHUB_NODE", "node-0")).isEmpty(), "plain id without signature");
        assertTrue(router.route(withCookie("MCPHUB_NODE", good.substring(0, good.length() - 2) + "xx"))
                .isEmpty());
        assertTrue(router.route(withCookie("MCPHUB_NODE", good.replace("node-0", "node-1")))
                .isEmpty());
        StickyStrategy.Router other = strategy(Map.of()).router(NodeSet.of(nodes));
        assertTrue(other.route(withCookie("MCPHUB_NODE", good)).isEmpty(), "signed with another process's key");
    }

    @Test
    void sharedSecret_letsAnotherCoordinatorHonourTheCookie() {
        Map<String, ?> cfg = Map.of("cookie", Map.of("secret", "0123456789abcdef-shared"));
        String value = issued(strategy(cfg).router(NodeSet.of(nodes)), nodes.get(1));
        assertEquals(
                "node-1",
                strategy(cfg)
                        .router(NodeSet.of(nodes))
                        .route(withCookie("MCPHUB_NODE", value))
                        .orElseThrow()
                        .id());
    }

    @Test
    void unknownOrUnhealthyNode_isIgnored_andTheCookieReissued() {
        StickyStrategy s = strategy(Map.of("cookie", Map.of("signed", false)));
        List<NodeView> sick = List.of(nodes.get(0), ((FakeNode) nodes.get(1)).withHealth(NodeHealth.UNHEALTHY));
        StickyStrategy.Router router = s.router(NodeSet.of(sick));
        assertTrue(router.route(withCookie("MCPHUB_NODE", "node-1")).isEmpty(), "unhealthy");
        assertTrue(router.route(withCookie("MCPHUB_NODE", "node-2")).isEmpty(), "not a replica of this server");
        assertTrue(router.route(withCookie("MCPHUB_NODE", "evil.example.com")).isEmpty(), "unknown");
        assertTrue(router.route(RoutingRequest.forSession("s", "t")).isEmpty(), "no cookie");
        assertEquals(
                1,
                router.onPlaced(nodes.get(0), withCookie("MCPHUB_NODE", "node-1"))
                        .size());
    }

    @Test
    void nodeIdsUnsafeInACookie_areEncoded() {
        List<NodeView> odd = List.of(FakeNode.healthy("node 1;x=y"));
        StickyStrategy.Router router = strategy(Map.of()).router(NodeSet.of(odd));
        String value = issued(router, odd.get(0));
        assertTrue(value.matches("[A-Za-z0-9._~-]+"), value);
        assertEquals(
                "node 1;x=y",
                router.route(withCookie("MCPHUB_NODE", value)).orElseThrow().id());
    }
}
