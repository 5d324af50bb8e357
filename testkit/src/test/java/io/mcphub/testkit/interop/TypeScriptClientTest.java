package io.mcphub.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official TypeScript SDK client against the reference server-everything, in both HTTP transports. */
class TypeScriptClientTest {

    @ParameterizedTest
    @CsvSource({"STREAMABLE_HTTP, STREAMABLE_HTTP", "SSE, SSE"})
    void tsClient_talksToServerEverything(EverythingServer.Mode mode, TypeScriptClient.Transport transport) {
        try (EverythingServer server = EverythingServer.start(mode)) {
            JsonNode out = TypeScriptClient.run(server.url(), transport, "");
            assertFalse(out.has("error"), out.toString() + "\n" + server.output());
            List<String> tools = new ArrayList<>();
            out.path("tools").forEach(t -> tools.add(t.asText()));
            assertTrue(
                    tools.containsAll(List.of("echo", "get-sum", "trigger-long-running-operation")), tools.toString());
            assertEquals("Echo: hello from ts", out.path("echo").asText());
            assertEquals("The sum of 2 and 3 is 5.", out.path("sum").asText());
            // the SDK runs progress handlers asynchronously, so the last one may race the result: at least one
            assertTrue(out.path("progressCount").asInt() >= 1, out.toString());
            assertTrue(out.path("finalResult").asText().startsWith("Long running operation completed"), out.toString());
            assertFalse(out.path("isError").asBoolean());
        }
    }

    @ParameterizedTest
    @CsvSource({"STREAMABLE_HTTP"})
    void wrongPrefix_isReportedAsAnError(EverythingServer.Mode mode) {
        try (EverythingServer server = EverythingServer.start(mode)) {
            JsonNode out = TypeScriptClient.run(server.url(), TypeScriptClient.Transport.STREAMABLE_HTTP, "nope-");
            assertTrue(out.has("error") || out.path("isError").asBoolean(), out.toString());
        }
    }
}
