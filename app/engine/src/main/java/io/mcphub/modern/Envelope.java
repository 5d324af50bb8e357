package io.mcphub.modern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.jsonrpc.Json;
import io.mcphub.jsonrpc.JsonRpc;
import io.mcphub.session.ProtocolVersions;
import io.mcphub.upstream.ModernWire;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The per-request context of a 2026-07-28 request ({@code params._meta}): the version, the client's capabilities
 * and info, and the log level it wants for this request. {@link #check} is the gate every modern request passes
 * before anything runs: the envelope, the version, the headers against the body, the method.
 *
 * <p><b>Nullability:</b> {@code clientInfo} and {@code logLevel} may be null.
 */
public record Envelope(String version, ObjectNode capabilities, ObjectNode clientInfo, String logLevel) {
    /** The methods the hub serves on a 2026-07-28 request. */
    public static final Set<String> METHODS = Set.of(
            "server/discover",
            "subscriptions/listen",
            "tools/list",
            "tools/call",
            "prompts/list",
            "prompts/get",
            "resources/list",
            "resources/templates/list",
            "resources/read",
            "completion/complete");

    private static final List<String> LEVELS =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    /** Whether a message is meant for the stateless era: its envelope names a version, or its version header does. */
    public static boolean isModern(ObjectNode message, String versionHeader) {
        JsonNode meta = message.path("params").path("_meta");
        return meta.has(ModernWire.PROTOCOL_VERSION) || ProtocolVersions.isModern(versionHeader);
    }

    /** The envelope of a request that passed {@link #check}. */
    public static Envelope of(ObjectNode request) {
        JsonNode meta = request.path("params").path("_meta");
        JsonNode info = meta.get(ModernWire.CLIENT_INFO);
        JsonNode level = meta.get(ModernWire.LOG_LEVEL);
        return new Envelope(
                meta.path(ModernWire.PROTOCOL_VERSION).asText(),
                (ObjectNode) meta.get(ModernWire.CLIENT_CAPABILITIES),
                info instanceof ObjectNode o ? o : null,
                level == null ? null : level.asText());
    }

    /**
     * Checks a request before it runs; returns why it is refused, or null.
     *
     * @param header a request header by name (case-insensitive), or null where there are none (stdio)
     */
    public static ModernRefusal check(ObjectNode request, UnaryOperator<String> header) {
        String method = JsonRpc.method(request);
        JsonNode meta = request.path("params").path("_meta");
        if (!meta.isObject()) {
            return ModernRefusal.invalidParams("Invalid params: params._meta is required (expected: the "
                    + ModernWire.PROTOCOL_VERSION + " and " + ModernWire.CLIENT_CAPABILITIES + " envelope)");
        }
        JsonNode version = meta.get(ModernWire.PROTOCOL_VERSION);
        if (version == null || !version.isTextual()) {
            return ModernRefusal.invalidParams("Invalid params: params._meta." + ModernWire.PROTOCOL_VERSION
                    + " is required (expected: a string)");
        }
        if (header != null && !version.asText().equals(header.apply("MCP-Protocol-Version"))) {
            return ModernRefusal.headerMismatch("the MCP-Protocol-Version header ("
                    + header.apply("MCP-Protocol-Version") + ") differs from the envelope's " + version.asText());
        }
        if (!ProtocolVersions.MODERN_ALL.contains(version.asText())) {
            return ModernRefusal.unsupportedVersion(version.asText());
        }
        if (!meta.path(ModernWire.CLIENT_CAPABILITIES).isObject()) {
            return ModernRefusal.invalidParams("Invalid params: params._meta." + ModernWire.CLIENT_CAPABILITIES
                    + " is required (expected: an object)");
        }
        JsonNode info = meta.get(ModernWire.CLIENT_INFO);
        if (info != null && !info.isObject()) {
            return ModernRefusal.invalidParams(
                    "Invalid params: params._meta." + ModernWire.CLIENT_INFO + ": " + info + " (expected: an object)");
        }
        JsonNode level = meta.get(ModernWire.LOG_LEVEL);
        if (level != null && !(level.isTextual() && LEVELS.contains(level.asText()))) {
            return ModernRefusal.invalidParams("Invalid params: params._meta." + ModernWire.LOG_LEVEL + ": " + level
                    + " (expected: one of " + LEVELS + ")");
        }
        if (header != null) {
            ModernRefusal mismatch = checkHeaders(request, method, header);
            if (mismatch != null) {
                return mismatch;
            }
        }
        if (!METHODS.contains(method)) {
            return ModernRefusal.methodNotFound(method);
        }
        return null;
    }

    private static ModernRefusal checkHeaders(ObjectNode request, String method, UnaryOperator<String> header) {
        String methodHeader = header.apply("Mcp-Method");
        if (!method.equals(methodHeader)) {
            return ModernRefusal.headerMismatch(
                    "the Mcp-Method header (" + methodHeader + ") differs from the body's " + method);
        }
        String nameKey = ModernWire.nameKey(method);
        if (nameKey != null) {
            String expected = Json.text(JsonRpc.params(request), nameKey);
            String named = decodeHeader(header.apply("Mcp-Name"));
            if (expected != null && !expected.equals(named)) {
                return ModernRefusal.headerMismatch(
                        "the Mcp-Name header (" + named + ") differs from the body's " + nameKey + " " + expected);
            }
        }
        return null;
    }

    /** A header value with the {@code =?base64?...?=} form decoded; null stays null. */
    static String decodeHeader(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.startsWith("=?base64?") && v.endsWith("?=")) {
            try {
                return new String(Base64.getDecoder().decode(v.substring(9, v.length() - 2)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
        return v;
    }
}
