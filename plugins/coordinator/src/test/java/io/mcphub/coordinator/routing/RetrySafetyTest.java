package io.mcphub.coordinator.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.coordinator.routing.RetrySafety.Verdict;
import io.mcphub.jsonrpc.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which requests the coordinator may run a second time after their node failed while handling them. */
class RetrySafetyTest {
    private static final ServerCatalog CATALOG = ServerCatalog.EMPTY.withTools(List.of(
            tool("lookup", "{\"readOnlyHint\": true}"),
            tool("put", "{\"idempotentHint\": true}"),
            tool("put_readonly_false", "{\"readOnlyHint\": false, \"idempotentHint\": true}"),
            tool("append", "{\"readOnlyHint\": false, \"idempotentHint\": false, \"destructiveHint\": false}"),
            tool("plain", null),
            tool("string_hint", "{\"readOnlyHint\": \"true\", \"idempotentHint\": 1}")));

    private static ObjectNode tool(String name, String annotations) {
        ObjectNode t = Json.object().put("name", name);
        t.putObject("inputSchema").put("type", "object");
        if (annotations != null) {
            try {
                t.set("annotations", Json.parse(annotations));
            } catch (Exception e) {
                throw new IllegalArgumentException(annotations, e);
            }
        }
        return t;
    }

    private static ObjectNode call(String tool) {
        ObjectNode params = Json.object().put("name", tool);
        params.putObject("arguments");
        return params;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tools/list",
                "prompts/list",
                "resources/list",
                "resources/templates/list",
                "resources/read",
                "prompts/get",
                "completion/complete",
                "server/discover"
            })
    void readingMethods_areSafeToRunTwice(String method) {
        assertEquals(Verdict.READ_METHOD, RetrySafety.of(method, Json.object(), CATALOG));
        assertEquals(true, RetrySafety.of(method, null, null).safe, "a read is safe whatever the catalog says");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"resources/subscribe", "resources/unsubscribe", "logging/setLevel", "sampling/createMessage", ""
            })
    void methodsThatChangeState_areNotRetried(String method) {
        assertEquals(Verdict.UNSAFE, RetrySafety.of(method, Json.object(), CATALOG));
    }

    @Test
    void aToolThatSaysItIsReadOnly_isRetried() {
        assertEquals(Verdict.READ_ONLY_TOOL, RetrySafety.of("tools/call", call("lookup"), CATALOG));
    }

    @Test
    void aToolThatSaysItIsIdempotent_isRetried_evenWhenItWrites() {
        assertEquals(Verdict.IDEMPOTENT_TOOL, RetrySafety.of("tools/call", call("put"), CATALOG));
        assertEquals(Verdict.IDEMPOTENT_TOOL, RetrySafety.of("tools/call", call("put_readonly_false"), CATALOG));
    }

    @Test
    void aToolWithoutTheHints_orWithHintsThatAreNotBooleans_isNotRetried() {
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("append"), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("plain"), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("string_hint"), CATALOG));
    }

    @Test
    void aToolTheCatalogDoesNotList_isNotRetried() {
        // the hub takes a client-side prefix off before the call reaches the coordinator's upstream: a prefixed
        // name here is a tool the replicas do not have
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("srv__lookup"), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("unknown"), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", Json.object(), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", Json.object().put("name", 3), CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", null, CATALOG));
        assertEquals(Verdict.UNSAFE, RetrySafety.of("tools/call", call("lookup"), null));
    }
}
