package io.mcphub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcphub.support.RunningHub;
import io.mcphub.testkit.interop.TypeScriptClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The official TypeScript SDK client, over both transports, against the hub fronting server-everything over stdio. */
class TypeScriptSdkInteropTest {
    private static RunningHub hub;

    @BeforeAll
    static void start() {
        hub = RunningHub.startConnected(EverythingStdio.settings(), "everything");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @ParameterizedTest
    @EnumSource(TypeScriptClient.Transport.class)
    void tsClient_listsCallsAndReceivesProgress(TypeScriptClient.Transport transport) {
        String path = transport == TypeScriptClient.Transport.SSE ? "/sse" : "/mcp";
        JsonNode r = TypeScriptClient.run(hub.url(path).toString(), transport, "everything-");
        assertFalse(r.has("error"), () -> "client failed: " + r);
        List<String> tools = new ArrayList<>();
        r.path("tools")
                .forEach(t ->
                        tools.add(t.isTextual() ? t.asText() : t.path("name").asText()));
        assertTrue(tools.contains("everything-echo") && tools.contains("everything-get-sum"), tools::toString);
        assertTrue(r.path("echo").asText().contains("hello from ts"), r::toString);
        assertTrue(r.path("sum").asText().contains("5"), r::toString);
        // the hub writes all five progress notifications before the answer, in order. The TS SDK's SSE client runs
        // progress handlers asynchronously and drops one that it processes after the answer (seen against
        // server-everything directly too), so over SSE the last may be missing; none may be missing in the middle.
        int received = r.path("progress").size();
        assertTrue(transport == TypeScriptClient.Transport.SSE ? received >= 4 : received == 5, r::toString);
        for (int i = 0; i < received; i++) {
            assertEquals(i + 1, r.path("progress").get(i).asInt(), r::toString);
        }
        assertTrue(r.path("finalResult").asText().contains("completed"), r::toString);
        assertFalse(r.path("isError").asBoolean(), r::toString);
    }
}
