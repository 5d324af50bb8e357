package io.mcphub.http;

import io.mcphub.config.BearerKey;
import io.mcphub.config.GroupConfig;
import io.mcphub.config.RoutingConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MCPHub's bearer keys: the legacy {@code bearerAuthKey} (reaches everything, as MCPHub migrates it) and the enabled
 * keys of {@code bearerKeys}, each limited to its scope. Immutable; built once per hub.
 */
final class BearerAuth {
    /** What a request reaches: every server ({@code /mcp}, {@code /sse}, the API), a group, or one server. */
    record Target(Kind kind, String name) {
        enum Kind {
            EVERYTHING,
            GROUP,
            SERVER,
            SESSION
        }

        static final Target EVERYTHING = new Target(Kind.EVERYTHING, null);
        /** {@code /messages}: a session opened on an endpoint the key was checked for; any valid key goes on. */
        static final Target SESSION = new Target(Kind.SESSION, null);
    }

    private record Key(byte[] token, BearerKey scope) {}

    private final List<Key> keys;
    private final List<GroupConfig> groups;

    BearerAuth(RoutingConfig routing, List<GroupConfig> groups) {
        List<Key> k = new ArrayList<>();
        if (!routing.bearerAuthKey().isEmpty()) {
            k.add(new Key(bytes(routing.bearerAuthKey()), null));
        }
        for (BearerKey b : routing.bearerKeys()) {
            if (b.enabled() && b.token() != null) {
                k.add(new Key(bytes(b.token()), b));
            }
        }
        this.keys = List.copyOf(k);
        this.groups = groups;
    }

    /** The target of an MCP route's {@code {name}}: a group when one has that id or name, else a server. */
    Target target(String name) {
        for (GroupConfig g : groups) {
            if (g.id().equals(name) || g.name().equals(name)) {
                return new Target(Target.Kind.GROUP, name);
            }
        }
        return new Target(Target.Kind.SERVER, name);
    }

    /** True when the {@code Authorization} header carries a key that reaches {@code target}. */
    boolean admits(String header, Target target) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = bytes(header.substring(7).trim());
        boolean admitted = false;
        for (Key k : keys) {
            // constant time, and every key compared: the keys must not leak through timing
            if (MessageDigest.isEqual(given, k.token()) && reaches(k.scope(), target)) {
                admitted = true;
            }
        }
        return admitted;
    }

    private boolean reaches(BearerKey scope, Target target) {
        if (scope == null || scope.accessType().equals("all") || target.kind() == Target.Kind.SESSION) {
            return true;
        }
        return switch (target.kind()) {
            case EVERYTHING, SESSION -> false;
            case GROUP -> !scope.accessType().equals("servers") && inGroup(scope.allowedGroups(), target.name());
            case SERVER ->
                !scope.accessType().equals("groups") && scope.allowedServers().contains(target.name());
        };
    }

    /** A key lists groups by name (MCPHub's dashboard) or id; a request may use either. */
    private boolean inGroup(Set<String> allowed, String name) {
        for (GroupConfig g : groups) {
            if ((g.id().equals(name) || g.name().equals(name))
                    && (allowed.contains(g.id()) || allowed.contains(g.name()))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
