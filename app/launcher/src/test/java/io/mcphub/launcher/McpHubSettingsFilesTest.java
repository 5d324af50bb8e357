package io.mcphub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcphub.config.HubSettings;
import io.mcphub.config.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MCPHub's own settings files (copied with their source, see the folder's README) raise no false alarm. */
class McpHubSettingsFilesTest {
    private static final Path DIR = Path.of("src/test/resources/mcphub-settings");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<Path> json =
                    s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertEquals(11, json.size(), "the files listed in the README");
            return json.stream();
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run validate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("files")
    void mcpHubFile_validatesWithoutErrorsOrUnknownKeyWarnings(Path file) {
        Run r = validate("--validate-config", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("settings and plugin config valid"), r.out());
        assertFalse(r.err().contains("(unknown key)"), r.err());
    }

    @Test
    void envVarsExample_marksTheServersWhoseVariablesAreUnsetDownWithTheirNames() throws Exception {
        HubSettings s = new SettingsLoader(Map.<String, String>of()::get)
                .load(DIR.resolve("examples_mcp_settings_with_env_vars.json"));
        assertEquals(
                "environment variable MCP_SERVER_URL is not set (mcpServers.example-sse-server.url);"
                        + " environment variable API_TOKEN is not set "
                        + "(mcpServers.example-sse-server.headers.Authorization);"
                        + " environment variable CUSTOM_HEADER_VALUE is not set"
                        + " (mcpServers.example-sse-server.headers.X-Custom-Header)",
                s.servers().get("example-sse-server").startError());
        assertTrue(s.servers().get("example-stdio-server").startError().contains("PYTHON_PATH"));
        assertTrue(s.servers().get("example-oauth-server").startError().contains("OAUTH_SERVER_URL"));
        assertEquals(List.of(), s.warnings());
        assertTrue(
                s.ignored()
                        .containsAll(List.of(
                                "users",
                                "mcpServers.*.openapi",
                                "mcpServers.*.oauth",
                                "systemConfig.install",
                                "systemConfig.mcpRouter")),
                s.ignored().toString());
    }

    @Test
    void docsProxyExample_marksTheStdioServerDownRatherThanRunningItWithoutItsProxy() throws Exception {
        HubSettings s = new SettingsLoader(Map.<String, String>of()::get)
                .load(DIR.resolve("docs_mcp-settings_proxy-basic.json"));
        assertEquals("socks5", s.servers().get("fetch-via-proxy").proxy().type());
        String error = s.servers().get("fetch-via-proxy").startError();
        assertTrue(error.startsWith("proxy is not supported for stdio servers"), error);
    }

    @Test
    void strict_turnsWarningsIntoAFailure() throws Exception {
        Path typo = Files.createTempFile("typo", ".json");
        try {
            Files.writeString(typo, "{\"mcpServer\": {}}");
            Run lenient = validate("--validate-config", typo.toString());
            assertEquals(0, lenient.code(), lenient.err());
            assertTrue(
                    lenient.err()
                            .contains("mcpServer: (unknown key) (expected: a key this block knows; did you mean"
                                    + " \"mcpServers\"?)"),
                    lenient.err());
            Run strict = validate("--validate-config", typo.toString(), "--strict");
            assertEquals(1, strict.code(), strict.err());
            assertTrue(strict.err().contains("--strict"), strict.err());
        } finally {
            Files.delete(typo);
        }
    }

    @Test
    void aTypoInAModePluginsBlock_isAWarningNamingTheNearestKey_andAnErrorUnderStrict() throws Exception {
        Path typo = Files.createTempFile("node-typo", ".json");
        try {
            Files.writeString(typo, """
                    {"mcpServers": {}, "systemConfig": {"cluster": {"enabled": true, "mode": "node",
                      "secret": "a-secret-of-sixteen-chars", "node": {"coordinatorUrl": "http://127.0.0.1:3000",
                      "heartbeatIntervall": 5000}}}}""");
            Run lenient = validate("--validate-config", typo.toString());
            assertEquals(0, lenient.code(), lenient.err());
            assertTrue(
                    lenient.err()
                            .contains("systemConfig.cluster.node.heartbeatIntervall: (unknown key) (expected: a key"
                                    + " this block knows; did you mean \"heartbeatInterval\"?)"),
                    lenient.err());
            Run strict = validate("--validate-config", typo.toString(), "--strict");
            assertEquals(1, strict.code(), strict.err());
        } finally {
            Files.delete(typo);
        }
    }
}
