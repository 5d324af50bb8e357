package io.mcphub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ModeApi;
import io.mcphub.session.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The 2026-07-28 wire as the hub's client side writes it: the per-request {@code _meta} envelope (the requesting
 * client's capabilities and info, or the hub's own for its own requests), the {@code Mcp-*} headers that mirror the
 * body, and the removal of {@code io.modelcontextprotocol/*} keys before a request goes to a 2025 server.
 */
@ModeApi
public final class ModernWire {
    public static final String VERSION = "2026-07-28";
    public static final String PREFIX = "io.modelcontextprotocol/";
    public static final String PROTOCOL_VERSION = PREFIX + "protocolVersion";
    public static final String CLIENT_CAPABILITIES = PREFIX + "clientCapabilities";
    public static final String CLIENT_INFO = PREFIX + "clientInfo";
    public static final String LOG_LEVEL = PREFIX + "logLevel";
    public static final String SERVER_INFO = PREFIX + "serverInfo";
    /**
     * The hub's own envelope key: a stateless client's correlation key, passed from a coordinator to a node so that
     * the node's per-session servers key the client as the coordinator did.
     */
    public static final String CLIENT_KEY = "io.mcphub/clientKey";

    private ModernWire() {}

    /** What the hub can relay to any client: its own requests declare these. */
    public static ObjectNode hubCapabilities() {
        ObjectNode caps = Json.object();
        caps.putObject("sampling");
        caps.putObject("elicitation");
        return caps;
    }

    /**
     * A copy of {@code params} with the envelope set: the version, and the capabilities and info of the client the
     * request serves (the hub's when it serves none).
     */
    public static ObjectNode envelope(JsonNode params, RequestContext context) {
        ObjectNode copy = params instanceof ObjectNode p ? p.deepCopy() : Json.object();
        ObjectNode meta = copy.with("_meta");
        meta.put(PROTOCOL_VERSION, VERSION);
        ObjectNode caps = context == null ? null : context.clientCapabilities();
        meta.set(CLIENT_CAPABILITIES, caps == null ? hubCapabilities() : caps.deepCopy());
        ObjectNode info = context == null ? null : context.session().clientInfo();
        if (info != null) {
            meta.set(CLIENT_INFO, info.deepCopy());
        } else if (!meta.has(CLIENT_INFO)) {
            meta.set(CLIENT_INFO, Json.object().put("name", "mcphub-java").put("version", Version.get()));
        }
        String level = context == null ? null : context.session().logLevel();
        if (level == null && context != null && !context.session().modern()) {
            // a 2025 session that set no level hears every log message, as from a 2025 server (the hub filters
            // by the session's level when it sets one)
            level = "debug";
        }
        if (level != null) {
            meta.put(LOG_LEVEL, level);
        }
        return copy;
    }

    /** {@code params} without the modern envelope keys (a 2025 server must not see them); unchanged when none. */
    public static JsonNode strip(JsonNode params) {
        if (!(params instanceof ObjectNode p) || !(p.get("_meta") instanceof ObjectNode meta) || !hasModernKey(meta)) {
            return params;
        }
        ObjectNode copy = p.deepCopy();
        ObjectNode copyMeta = (ObjectNode) copy.get("_meta");
        for (Iterator<Map.Entry<String, JsonNode>> it = copyMeta.fields(); it.hasNext(); ) {
            if (it.next().getKey().startsWith(PREFIX)) {
                it.remove();
            }
        }
        if (copyMeta.isEmpty()) {
            copy.remove("_meta");
        }
        return copy;
    }

    private static boolean hasModernKey(ObjectNode meta) {
        for (Iterator<String> it = meta.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** The params member {@code Mcp-Name} mirrors for a method, or null. */
    public static String nameKey(String method) {
        return switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
    }

    /** A header value as the spec writes it: as is when header-safe, else {@code =?base64?...?=}. */
    public static String headerValue(String value) {
        boolean safe = !value.isEmpty() && value.strip().equals(value);
        for (int i = 0; safe && i < value.length(); i++) {
            char c = value.charAt(i);
            safe = c >= 0x20 && c < 0x7f;
        }
        if (safe && !(value.startsWith("=?") && value.endsWith("?="))) {
            return value;
        }
        return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
