package io.mcphub.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Runs {@code interop/ts-client.mjs}: the official TypeScript SDK client, against a server exposing
 * server-everything's tools, and returns the JSON it printed: {@code transport, serverInfo, tools[], echo, sum,
 * progressCount, progress[], finalResult, isError}, or {@code error} when it failed.
 */
public final class TypeScriptClient {
    public static final String SCRIPT_RESOURCE = "/interop/ts-client.mjs";

    /** The client transport. */
    public enum Transport {
        STREAMABLE_HTTP("streamableHttp"),
        SSE("sse");

        private final String arg;

        Transport(String arg) {
            this.arg = arg;
        }

        public String arg() {
            return arg;
        }
    }

    private TypeScriptClient() {}

    /**
     * Runs the client; {@code toolPrefix} is put before each tool name it calls (a hub's namespace, e.g.
     * {@code "everything-"}; "" or null for none). Throws when the script printed no JSON.
     */
    public static JsonNode run(String url, Transport transport, String toolPrefix) {
        // the v1 script in its plain mode: the same run (a node process, its last JSON line) as every SDK client's
        return SdkClients.runScript(
                SCRIPT_RESOURCE, List.of(url, transport.arg(), toolPrefix == null ? "" : toolPrefix));
    }
}
