package io.mcphub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.spi.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {
    private static final SettingsLoader NO_ENV = new SettingsLoader(Map.<String, String>of()::get);

    private static HubSettings load(String json) throws ConfigException {
        return NO_ENV.parse(json, "test.json");
    }

    private static ConfigException fails(String json) {
        return assertThrows(ConfigException.class, () -> load(json));
    }

    private static ConfigException fails(SettingsLoader loader, String json) {
        return assertThrows(ConfigException.class, () -> loader.parse(json, "test.json"));
    }

    private static void assertProblem(ConfigException e, String expectedLine) {
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(lines.contains(expectedLine), "expected problem <" + expectedLine + "> among " + lines);
        assertTrue(e.getMessage().contains(expectedLine), e.getMessage());
    }

    @Test
    void emptySettings_getMcpHubDefaults() throws Exception {
        HubSettings s = load("{}");
        assertTrue(s.servers().isEmpty());
        assertTrue(s.groups().isEmpty());
        assertTrue(s.routing().enableGlobalRoute());
        assertTrue(s.routing().enableGroupNameRoute());
        assertFalse(s.routing().enableBearerAuth());
        assertEquals("", s.routing().bearerAuthKey());
        assertEquals("-", s.nameSeparator());
        assertEquals(HttpConfig.DEFAULTS, s.http());
        assertEquals(4L * 1024 * 1024, s.http().maxBodyBytes());
        assertEquals(List.of(), s.http().allowedOrigins());
        assertEquals(List.of(), s.http().allowedHosts());
    }

    @Test
    void serverWithoutOptions_getsSixtySecondTimeoutAndIsEnabled() throws Exception {
        ServerConfig s = load("{\"mcpServers\": {\"time\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}}")
                .servers()
                .get("time");
        assertEquals(Duration.ofSeconds(60), s.timeout());
        assertTrue(s.enabled());
        assertFalse(s.resetTimeoutOnProgress());
        assertNull(s.maxTotalTimeout());
        assertNull(s.startError());
        assertEquals(List.of("mcp-server-time"), s.args());
        assertEquals(Map.of(), s.env());
    }

    @Test
    void typeInference_followsMcpHub() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {
                  "a": {"command": "node", "args": ["x.js"]},
                  "b": {"url": "http://example.com/sse"},
                  "c": {"type": "streamable-http", "url": "https://example.com/mcp"},
                  "d": {"type": "sse", "url": "http://example.com/events"},
                  "e": {"type": "stdio", "command": "python"}
                }}""");
        assertEquals(TransportType.STDIO, s.servers().get("a").type());
        assertEquals(TransportType.SSE, s.servers().get("b").type(), "a url without a type is SSE, as in MCPHub");
        assertEquals(TransportType.STREAMABLE_HTTP, s.servers().get("c").type());
        assertEquals("https://example.com/mcp", s.servers().get("c").url());
        assertEquals(TransportType.SSE, s.servers().get("d").type());
        assertEquals(TransportType.STDIO, s.servers().get("e").type());
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(s.servers().keySet()), "file order is kept");
    }

    @Test
    void badType_reportsPathValueAndChoices() {
        ConfigException e = fails("{\"mcpServers\": {\"x\": {\"type\": \"websocket\", \"url\": \"http://a\"}}}");
        assertProblem(e, "mcpServers.x.type: \"websocket\" (expected: one of stdio, sse, streamable-http)");
    }

    @Test
    void stdioWithoutCommand_isReported() {
        ConfigException e = fails("{\"mcpServers\": {\"x\": {\"type\": \"stdio\", \"args\": [\"a\"]}}}");
        assertProblem(e, "mcpServers.x.command: (missing) (expected: the program to start, for a stdio server)");
    }

    @Test
    void serverWithNeitherCommandNorUrl_isReported() {
        ConfigException e = fails("{\"mcpServers\": {\"x\": {\"args\": [\"a\"]}}}");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("mcpServers.x", e.problems().get(0).path());
        assertTrue(e.problems().get(0).expected().contains("\"command\""), e.getMessage());
    }

    @Test
    void badUrl_isReported() {
        ConfigException e =
                fails("{\"mcpServers\": {\"x\": {\"type\": \"streamable-http\", \"url\": \"ftp://host/mcp\"}}}");
        assertProblem(e, "mcpServers.x.url: \"ftp://host/mcp\" (expected: an http(s) URL)");
        ConfigException missing = fails("{\"mcpServers\": {\"y\": {\"type\": \"sse\"}}}");
        assertProblem(missing, "mcpServers.y.url: (missing) (expected: an http(s) URL, for a sse server)");
    }

    @Test
    void argsThatAreNotStrings_areReportedByIndex() {
        ConfigException e =
                fails("{\"mcpServers\": {\"x\": {\"command\": \"node\", \"args\": [\"ok\", 3, {\"a\": 1}]}}}");
        assertProblem(e, "mcpServers.x.args[1]: 3 (expected: a string)");
        assertProblem(e, "mcpServers.x.args[2]: {...} (expected: a string)");
        ConfigException notArray = fails("{\"mcpServers\": {\"x\": {\"command\": \"node\", \"args\": \"a b\"}}}");
        assertProblem(notArray, "mcpServers.x.args: \"a b\" (expected: an array of strings)");
    }

    @Test
    void negativeTimeout_isReportedWithPathAndExpectedValue() {
        ConfigException e = fails("{\"mcpServers\": {\"x\": {\"command\": \"node\", \"options\": {\"timeout\": -5}}}}");
        assertProblem(e, "mcpServers.x.options.timeout: -5 (expected: milliseconds, an integer >= 1)");
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith("invalid settings in test.json"), e.getMessage());
    }

    @Test
    void groupNamingAnUnknownServer_isServedWithoutItAndWarnedAboutWithTheServersThatExist() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {"alpha": {"command": "a"}, "beta": {"command": "b"}},
                 "groups": [{"id": "g1", "name": "G", "servers": ["alpha", "gamma"]}]}""");
        assertEquals(
                List.of("groups[0].servers[1]: \"gamma\" (expected: a name in mcpServers: alpha, beta)"),
                s.warnings().stream().map(ConfigProblem::toString).toList());
        assertEquals(
                List.of("alpha"),
                s.groups().get(0).servers().stream()
                        .map(GroupConfig.Member::server)
                        .toList());
    }

    @Test
    void groups_acceptNamesAndToolFilters() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {"alpha": {"command": "a"}, "beta": {"command": "b"}},
                 "groups": [{"id": "g1", "name": "G", "servers": ["alpha", {"name": "beta", "tools": ["t1"]},
                                                                 {"name": "alpha", "tools": "all"}]}]}""");
        GroupConfig g = s.groups().get(0);
        assertEquals("g1", g.id());
        assertEquals("G", g.name());
        assertEquals(3, g.servers().size());
        assertTrue(g.servers().get(0).exposes("anything"));
        assertTrue(g.servers().get(1).exposes("t1"));
        assertFalse(g.servers().get(1).exposes("t2"));
        assertNull(g.servers().get(2).tools());
    }

    @Test
    void bearerAuthWithoutKey_isReported() {
        ConfigException e = fails("{\"systemConfig\": {\"routing\": {\"enableBearerAuth\": true}}}");
        assertProblem(
                e,
                "systemConfig.routing.bearerAuthKey: \"\" (expected: a non-empty key, or an enabled key in"
                        + " bearerKeys, when enableBearerAuth is true)");
    }

    @Test
    void routingAndHttpSettings_areRead() throws Exception {
        HubSettings s = load("""
                {"systemConfig": {
                   "routing": {"enableGlobalRoute": false, "enableGroupNameRoute": false,
                               "enableBearerAuth": true, "bearerAuthKey": "k"},
                   "nameSeparator": "__",
                   "http": {"maxBodyBytes": 1024, "allowedOrigins": ["https://app.example.com"],
                            "allowedHosts": ["hub.internal"], "sessionIdleTimeout": 5000}}}""");
        assertEquals(new RoutingConfig(false, false, true, "k"), s.routing());
        assertEquals("__", s.nameSeparator());
        assertEquals(1024, s.http().maxBodyBytes());
        assertEquals(Duration.ofSeconds(5), s.http().sessionIdleTimeout());
        assertEquals(List.of("https://app.example.com"), s.http().allowedOrigins());
        assertEquals(List.of("hub.internal"), s.http().allowedHosts());
    }

    @Test
    void fileThatIsNotJson_isReportedWithLineAndColumn() {
        ConfigException e = fails("{\n  \"mcpServers\": {\n    \"x\": {\"command\": \"a\",}\n  }\n}");
        assertTrue(e.getMessage().startsWith("test.json is not valid JSON at line 3, column"), e.getMessage());
    }

    @Test
    void rootThatIsNotAnObject_isReported() {
        assertProblem(fails("[1, 2]"), "$: array (expected: an object)");
        assertProblem(fails("\"text\""), "$: string (expected: an object)");
        assertProblem(fails(""), "$: (missing) (expected: an object)");
    }

    @Test
    void severalProblems_areReportedAtOnce() {
        ConfigException e = fails("""
                {"mcpServers": {
                   "a": {"type": "bogus", "url": "http://x"},
                   "b": {"command": "node", "options": {"timeout": 0}},
                   "c": {"command": "node", "enabled": "yes"}},
                 "groups": [{"id": "g", "servers": ["zzz"]}],
                 "systemConfig": {"routing": {"enableGlobalRoute": "no"}, "http": {"maxBodyBytes": -1}}}""");
        assertProblem(e, "mcpServers.a.type: \"bogus\" (expected: one of stdio, sse, streamable-http)");
        assertProblem(e, "mcpServers.b.options.timeout: 0 (expected: milliseconds, an integer >= 1)");
        assertProblem(e, "mcpServers.c.enabled: \"yes\" (expected: true or false)");
        assertProblem(e, "systemConfig.routing.enableGlobalRoute: \"no\" (expected: true or false)");
        assertProblem(e, "systemConfig.http.maxBodyBytes: -1 (expected: an integer >= 1)");
        assertTrue(e.warnings().stream().anyMatch(p -> p.path().equals("groups[0].servers[0]")), e.getMessage());
        assertTrue(e.problems().size() >= 5, e.getMessage());
    }

    @Test
    void variables_areExpandedWithDefaults() throws Exception {
        SettingsLoader loader = new SettingsLoader(Map.of("API_KEY", "s3cret", "HOST", "api.example.com")::get);
        HubSettings s = loader.parse("""
                {"mcpServers": {
                  "x": {"command": "node", "args": ["--key=${API_KEY}", "${MODE:-fast}"],
                        "env": {"TOKEN": "Bearer ${API_KEY}", "REGION": "${REGION:-eu}"}},
                  "y": {"type": "streamable-http", "url": "https://${HOST}/mcp",
                        "headers": {"X-Key": "${API_KEY}"}}}}""", "test.json");
        ServerConfig x = s.servers().get("x");
        assertEquals(List.of("--key=s3cret", "fast"), x.args());
        assertEquals(Map.of("TOKEN", "Bearer s3cret", "REGION", "eu"), x.env());
        assertNull(x.startError());
        ServerConfig y = s.servers().get("y");
        assertEquals("https://api.example.com/mcp", y.url());
        assertEquals(Map.of("X-Key", "s3cret"), y.headers());
        assertEquals(
                "s3cret",
                s.raw()
                        .path("mcpServers")
                        .path("y")
                        .path("headers")
                        .path("X-Key")
                        .asText(),
                "raw() holds the expanded tree");
    }

    @Test
    void unsetVariable_failsOnlyThatServer() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {
                  "needsKey": {"command": "node", "env": {"API_KEY": "${MISSING_KEY}"}},
                  "fine": {"command": "node"}}}""");
        ServerConfig broken = s.servers().get("needsKey");
        assertEquals(
                "environment variable MISSING_KEY is not set (mcpServers.needsKey.env.API_KEY)", broken.startError());
        assertNull(s.servers().get("fine").startError());
    }

    @Test
    void unsetVariableInSystemConfig_isAConfigError() {
        ConfigException e = fails(
                "{\"systemConfig\": {\"routing\": {\"enableBearerAuth\": true, \"bearerAuthKey\": \"${HUB_KEY}\"}}}");
        assertProblem(
                e, "systemConfig.routing.bearerAuthKey: ${HUB_KEY} (expected: environment variable HUB_KEY to be set)");
    }

    @Test
    void unknownKeys_areKeptInRawAndWarnedAboutWithTheNearestKnownKey() throws Exception {
        HubSettings s = load("""
                {"mcpServer": {},
                 "mcpServers": {"x": {"command": "node", "enable": false}},
                 "systemConfig": {"routing": {"enableGlobalRoutes": false}},
                 "somethingNew": {"a": [1, 2]}}""");
        List<String> warnings =
                s.warnings().stream().map(ConfigProblem::toString).toList();
        assertTrue(
                warnings.contains("mcpServer: (unknown key) (expected: a key this block knows; did you mean"
                        + " \"mcpServers\"?)"),
                warnings.toString());
        assertTrue(
                warnings.contains("mcpServers.x.enable: (unknown key) (expected: a key this block knows; did you"
                        + " mean \"enabled\"?)"),
                warnings.toString());
        assertTrue(
                warnings.contains("systemConfig.routing.enableGlobalRoutes: (unknown key) (expected: a key this"
                        + " block knows; did you mean \"enableGlobalRoute\"?)"),
                warnings.toString());
        assertTrue(
                warnings.stream()
                        .anyMatch(w -> w.startsWith("somethingNew: (unknown key) (expected: one of the"
                                + " keys this block knows: mcpServers, groups")),
                warnings.toString());
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(s.routing().enableGlobalRoute(), "a misspelt key is not acted on");
        assertEquals(2, s.raw().path("somethingNew").path("a").path(1).asInt());
    }

    @Test
    void mcpHubKeysTheHubDoesNotActOn_areListedByNameAndNotWarnedAbout() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {"x": {"command": "node", "owner": "me", "description": "d"},
                                "y": {"command": "node", "owner": "you"}},
                 "users": [{"username": "admin", "password": "hash"}],
                 "groups": [{"id": "g", "name": "G", "servers": ["x"], "owner": "admin"}],
                 "systemConfig": {"smartRouting": {"enabled": false}, "install": {"pythonIndexUrl": "u"},
                                  "routing": {"skipAuth": true}}}""");
        assertEquals(List.of(), s.warnings());
        assertEquals(
                List.of(
                        "users",
                        "mcpServers.*.owner",
                        "mcpServers.*.description",
                        "systemConfig.smartRouting",
                        "systemConfig.install",
                        "groups.*.owner",
                        "systemConfig.routing.skipAuth"),
                s.ignored());
        assertEquals("admin", s.raw().path("users").path(0).path("username").asText());
        assertEquals("me", s.raw().path("mcpServers").path("x").path("owner").asText());
    }

    @Test
    void unsetVariableInAUrl_marksThatServerDownNamingTheVariable() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {
                  "remote": {"type": "streamable-http", "url": "${REMOTE_URL}"},
                  "host": {"type": "sse", "url": "https://${SERVER_HOST}/mcp", "headers": {"K": "${API_KEY}"}},
                  "fine": {"type": "sse", "url": "http://localhost:1/sse"}}}""");
        assertEquals(
                "environment variable REMOTE_URL is not set (mcpServers.remote.url)",
                s.servers().get("remote").startError());
        assertEquals(
                "environment variable SERVER_HOST is not set (mcpServers.host.url); environment variable API_KEY"
                        + " is not set (mcpServers.host.headers.K)",
                s.servers().get("host").startError());
        assertNull(s.servers().get("fine").startError());
    }

    @Test
    void unsetVariableInAServer_doesNotHideItsOtherMistakes() {
        ConfigException e = fails("{\"mcpServers\": {\"x\": {\"url\": \"${U}\", \"options\": {\"timeout\": -1}}}}");
        assertProblem(e, "mcpServers.x.options.timeout: -1 (expected: milliseconds, an integer >= 1)");
        assertEquals(1, e.problems().size(), e.getMessage());
    }

    @Test
    void unsetVariableInKeysTheHubIgnores_isNoError() throws Exception {
        HubSettings s = load("""
                {"users": [{"username": "admin", "password": "${ADMIN_PASSWORD_HASH}"}],
                 "systemConfig": {"mcpRouter": {"apiKey": "${MCPROUTER_API_KEY}"},
                                  "install": {"npmRegistry": "${R}"}}}""");
        assertEquals(List.of(), s.warnings());
        assertTrue(s.servers().isEmpty());
    }

    @Test
    void groupsInTheObjectFormOfMcpHubsDocs_areReadWithTheKeyAsId() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {"fetch": {"command": "a"}, "slack": {"command": "b"}},
                 "groups": {"production": {"name": "Production Tools", "description": "Stable",
                                           "servers": ["fetch", "slack"]}}}""");
        GroupConfig g = s.groups().get(0);
        assertEquals("production", g.id());
        assertEquals("Production Tools", g.name());
        assertEquals("Stable", g.description());
        assertEquals(
                List.of("fetch", "slack"),
                g.servers().stream().map(GroupConfig.Member::server).toList());
        assertProblem(
                fails("{\"groups\": 5}"), "groups: 5 (expected: an array of groups, or an object of groups by id)");
    }

    @Test
    void groupMembers_takeAnAliasAndPromptAndResourceSelections() throws Exception {
        HubSettings s = load("""
                {"mcpServers": {"alpha": {"command": "a"}},
                 "groups": [{"id": "g", "name": "G", "servers": [{"name": "alpha", "alias": "a2", "tools": "all",
                              "prompts": ["p1"], "resources": ["file:///r"]}]}]}""");
        GroupConfig.Member m = s.groups().get(0).servers().get(0);
        assertEquals("a2", m.exposedName());
        assertTrue(m.exposes("anything"));
        assertTrue(m.exposesPrompt("p1"));
        assertFalse(m.exposesPrompt("p2"));
        assertTrue(m.exposesResource("file:///r"));
        assertFalse(m.exposesResource("file:///other"));
    }

    @Test
    void bearerKeysWithoutLegacyKey_areAccepted() throws Exception {
        HubSettings s = load("""
                {"systemConfig": {"routing": {"enableBearerAuth": true}},
                 "bearerKeys": [{"id": "k1", "name": "ci", "token": "t0k3n", "enabled": true, "accessType": "groups",
                                 "allowedGroups": ["g"]}]}""");
        BearerKey k = s.routing().bearerKeys().get(0);
        assertEquals("t0k3n", k.token());
        assertEquals("groups", k.accessType());
        assertEquals(Set.of("g"), k.allowedGroups());
        assertEquals(List.of(), s.warnings());
        assertProblem(
                fails("{\"bearerKeys\": [{\"id\": \"k\", \"accessType\": \"everything\"}]}"),
                "bearerKeys[0].accessType: \"everything\" (expected: one of all, groups, servers, custom)");
    }

    @Test
    void userLevelBearerKeys_areNotAcceptedAndSaidSo() throws Exception {
        HubSettings s = load("""
                {"bearerKeys": [{"id": "u", "name": "mine", "token": "t", "enabled": true, "kind": "user",
                                 "owner": "bob", "accessType": "all"}]}""");
        assertEquals(List.of(), s.routing().bearerKeys());
        assertTrue(
                s.ignored().stream().anyMatch(i -> i.startsWith("bearerKeys.*.kind=user")),
                s.ignored().toString());
    }

    @Test
    void outOfRangeValues_areRefusedWithTheirRange() {
        ConfigException e = fails("{\"systemConfig\": {\"http\": {\"eventBufferSize\": 2000000}}}");
        assertProblem(e, "systemConfig.http.eventBufferSize: 2000000 (expected: an integer from 1 to 1000000)");
    }

    @Test
    void perToolOverrides_areParsed() throws Exception {
        ServerConfig s = load("""
                {"mcpServers": {"x": {"command": "node",
                   "tools": {"danger": {"enabled": false}, "search": {"description": "Search the docs"}},
                   "prompts": {"p": {"enabled": false, "description": "off"}},
                   "resources": {"file:///secret": {"enabled": false}}}}}""").servers().get("x");
        assertEquals(new ItemOverride(false, null), s.tools().get("danger"));
        assertEquals(new ItemOverride(true, "Search the docs"), s.tools().get("search"));
        assertEquals(new ItemOverride(false, "off"), s.prompts().get("p"));
        assertEquals(new ItemOverride(false, null), s.resources().get("file:///secret"));
    }

    @Test
    void badToolOverride_isReported() {
        ConfigException e =
                fails("{\"mcpServers\": {\"x\": {\"command\": \"n\", \"tools\": {\"t\": {\"enabled\": 1}}}}}");
        assertProblem(e, "mcpServers.x.tools.t.enabled: 1 (expected: true or false)");
    }

    @Test
    void openapiServer_loadsWithAStartError() throws Exception {
        HubSettings s = load(
                "{\"mcpServers\": {\"api\": {\"type\": \"openapi\", \"openapi\": {\"url\": \"http://x/spec.json\"}},"
                        + " \"ok\": {\"command\": \"node\"}}}");
        assertEquals(TransportType.OPENAPI, s.servers().get("api").type());
        assertEquals(
                "type openapi is not supported by mcphub-java",
                s.servers().get("api").startError());
        assertNull(s.servers().get("ok").startError());
    }

    @Test
    void disabledServer_isReadAsDisabled() throws Exception {
        assertFalse(load("{\"mcpServers\": {\"x\": {\"command\": \"n\", \"enabled\": false}}}")
                .servers()
                .get("x")
                .enabled());
    }

    @Test
    void missingFile_isReportedWithItsPath() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> NO_ENV.load(Path.of("/nonexistent/mcp_settings.json")));
        assertTrue(e.getMessage().contains("settings file not found: /nonexistent/mcp_settings.json"), e.getMessage());
    }
}
