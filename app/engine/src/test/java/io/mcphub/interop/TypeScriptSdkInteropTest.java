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
        r.path("tools").forEach(t -> tools.add(t.isTextual() ? t.asText() : t.path("name").asText()));
        assertTrue(tools.contains("everything-echo") && tools.contains("everything-get-sum"), tools::toString);
        assertTrue(r.path("echo").asText().contains("hello from ts"), r::toString);
        assertTrue(r.path("sum").asText().contains("5"), r::toString);
        assertEquals(5, r.path("progress").size(), r::toString);
        assertTrue(r.path("finalResult").asText().contains("completed"), r::toString);
        assertFalse(r.path("isError").asBoolean(), r::toString);
    }
}
