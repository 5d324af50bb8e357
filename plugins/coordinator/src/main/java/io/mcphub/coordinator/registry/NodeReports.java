package io.mcphub.coordinator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.ClusterRules;
import io.mcphub.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bodies of the node protocol ({@code docs/cluster-protocol.md}), parsed and validated into a {@link Parsed}
 * value. Every problem is reported as {@code path: value (expected: ...)}, all of them at once. The rules a node also
 * applies to its own settings (id, URL, heartbeat interval) are {@link ClusterRules}.
 */
public final class NodeReports {
    public static final int MAX_SERVERS = 1_000;
    public static final int MAX_WEIGHT = 1_000;
    static final Set<String> STATUSES = Set.of("connected", "connecting", "disconnected");
    private static final int MAX_NAME = ClusterRules.MAX_NAME_LENGTH;
    private static final int MAX_VERSION = 128;

    private NodeReports() {}

    public record Load(int sessions, int inFlight) {
        public static final Load NONE = new Load(0, 0);
    }

    /** One server as a node reports it; {@code catalog} is null in a heartbeat. */
    public record ServerReport(String name, String status, String catalogVersion, ServerCatalog catalog) {}

    public record Registration(
            String id,
            String name,
            String url,
            int weight,
            long heartbeatInterval,
            List<ServerReport> servers,
            Load load) {}

    /** @param url the node's URL when the node sends it (so that another node with the same id is told), or null */
    public record Heartbeat(String id, String url, List<ServerReport> servers, Load load) {}

    public static Parsed<Registration> registration(JsonNode body) {
        if (!(body instanceof ObjectNode)) {
            return notAnObject(body);
        }
        List<String> p = new ArrayList<>();
        String id = id(body, p);
        String name = name(body, p);
        String url = url(body, p);
        long weight = optionalLong(body, "weight", 1, 1, MAX_WEIGHT, p);
        long interval = optionalLong(
                body, "heartbeatInterval", 5000, ClusterRules.MIN_HEARTBEAT_MS, ClusterRules.MAX_HEARTBEAT_MS, p);
        List<ServerReport> servers = servers(body, true, p);
        Load load = load(body, p);
        if (!p.isEmpty()) {
            return new Parsed.Invalid<>(p);
        }
        String shownName = name == null || name.isBlank() ? id : name;
        return new Parsed.Valid<>(new Registration(id, shownName, url, (int) weight, interval, servers, load));
    }

    public static Parsed<Heartbeat> heartbeat(JsonNode body) {
        if (!(body instanceof ObjectNode)) {
            return notAnObject(body);
        }
        List<String> p = new ArrayList<>();
        String id = id(body, p);
        String url = body.hasNonNull("url") ? url(body, p) : null;
        List<ServerReport> servers = servers(body, false, p);
        Load load = load(body, p);
        if (!p.isEmpty()) {
            return new Parsed.Invalid<>(p);
        }
        return new Parsed.Valid<>(new Heartbeat(id, url, servers, load));
    }

    /** The id of a deregister body. */
    public static Parsed<String> nodeId(JsonNode body) {
        if (!(body instanceof ObjectNode)) {
            return notAnObject(body);
        }
        List<String> p = new ArrayList<>();
        String id = id(body, p);
        return p.isEmpty() ? new Parsed.Valid<>(id) : new Parsed.Invalid<>(p);
    }

    private static <T> Parsed<T> notAnObject(JsonNode body) {
        return new Parsed.Invalid<>(List.of("body: " + shown(body) + " (expected: a JSON object)"));
    }

    private static String id(JsonNode body, List<String> p) {
        JsonNode v = body.get("id");
        if (v == null || !v.isTextual() || !ClusterRules.isNodeId(v.asText())) {
            p.add("id: " + shown(v) + " (expected: " + ClusterRules.NODE_ID_EXPECTED + ")");
            return null;
        }
        return v.asText();
    }

    private static String url(JsonNode body, List<String> p) {
        JsonNode v = body.get("url");
        Optional<String> url = v != null && v.isTextual() ? ClusterRules.httpUrl(v.asText()) : Optional.empty();
        if (url.isEmpty()) {
            p.add("url: " + shown(v) + " (expected: " + ClusterRules.URL_EXPECTED + ")");
            return null;
        }
        return url.get();
    }

    private static List<ServerReport> servers(JsonNode body, boolean withCatalog, List<String> p) {
        JsonNode arr = body.get("servers");
        if (arr == null || !arr.isArray() || arr.size() > MAX_SERVERS) {
            p.add("servers: " + (arr != null && arr.isArray() ? "(" + arr.size() + " servers)" : shown(arr))
                    + " (expected: an array of at most " + MAX_SERVERS + " servers)");
            return List.of();
        }
        List<ServerReport> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String path = "servers[" + i + "]";
            JsonNode s = arr.get(i);
            if (!s.isObject()) {
                p.add(path + ": " + shown(s) + " (expected: an object {name, status, catalogVersion"
                        + (withCatalog ? ", catalog" : "") + "})");
                continue;
            }
            int before = p.size();
            JsonNode name = s.get("name");
            String n = name != null && name.isTextual() ? name.asText() : null;
            if (n == null
                    || n.isBlank()
                    || n.length() > MAX_NAME
                    || n.contains("/")
                    || n.chars().anyMatch(Character::isISOControl)) {
                p.add(path + ".name: " + shown(name) + " (expected: a server name of 1 to " + MAX_NAME
                        + " characters, without '/' or control characters)");
            } else if (!seen.add(n)) {
                p.add(path + ".name: " + shown(name) + " (expected: a name not already listed)");
            }
            JsonNode status = s.get("status");
            if (status == null || !STATUSES.contains(status.asText(null))) {
                p.add(path + ".status: " + shown(status) + " (expected: one of connected, connecting, disconnected)");
            }
            JsonNode version = s.get("catalogVersion");
            if (version == null
                    || !version.isTextual()
                    || version.asText().isEmpty()
                    || version.asText().length() > MAX_VERSION) {
                p.add(path + ".catalogVersion: " + shown(version) + " (expected: a non-empty string of at most "
                        + MAX_VERSION + " characters)");
            }
            ServerCatalog catalog = null;
            if (withCatalog) {
                JsonNode c = s.get("catalog");
                if (c == null || !c.isObject()) {
                    p.add(path + ".catalog: " + shown(c)
                            + " (expected: the server's catalog object {capabilities, serverInfo, tools, ...})");
                } else {
                    catalog = ServerCatalog.fromJson(c);
                }
            }
            if (p.size() == before) {
                out.add(new ServerReport(n, status.asText(), version.asText(), catalog));
            }
        }
        return List.copyOf(out);
    }

    private static Load load(JsonNode body, List<String> p) {
        JsonNode l = body.get("load");
        if (l == null || l.isNull()) {
            return Load.NONE;
        }
        if (!l.isObject()) {
            p.add("load: " + shown(l) + " (expected: an object {sessions, inFlight})");
            return Load.NONE;
        }
        long sessions = optionalLong(l, "sessions", 0, 0, Integer.MAX_VALUE, p, "load.");
        long inFlight = optionalLong(l, "inFlight", 0, 0, Integer.MAX_VALUE, p, "load.");
        return new Load((int) sessions, (int) inFlight);
    }

    private static String name(JsonNode body, List<String> p) {
        JsonNode v = body.get("name");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !ClusterRules.isNodeName(v.asText())) {
            p.add("name: " + shown(v) + " (expected: " + ClusterRules.NAME_EXPECTED + ")");
            return null;
        }
        return v.asText();
    }

    private static long optionalLong(JsonNode body, String field, long dflt, long min, long max, List<String> p) {
        return optionalLong(body, field, dflt, min, max, p, "");
    }

    private static long optionalLong(
            JsonNode body, String field, long dflt, long min, long max, List<String> p, String prefix) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            p.add(prefix + field + ": " + shown(v) + " (expected: an integer from " + min + " to " + max + ")");
            return dflt;
        }
        return v.asLong();
    }

    /** A value as it appears in a message: JSON, cut short. */
    static String shown(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return ConfigProblem.MISSING;
        }
        String s = Json.write(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
