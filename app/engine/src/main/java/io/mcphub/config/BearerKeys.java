package io.mcphub.config;

import io.mcphub.spi.ConfigProblem;
import io.mcphub.spi.ConfigReader;
import io.mcphub.spi.ConfigView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads MCPHub's top-level {@code bearerKeys}: the keys of the current format, each with what it may reach. */
final class BearerKeys {
    private static final List<String> ACCESS_TYPES = List.of("all", "groups", "servers", "custom");

    private BearerKeys() {}

    /**
     * The system keys. MCPHub's user-level keys ({@code "kind": "user"}) act with their owner's live permissions;
     * this hub has no users, so it does not accept them rather than give them more than their owner has.
     */
    static List<BearerKey> read(ConfigReader root, Set<String> ignored) {
        Object node = root.view().get("bearerKeys").orElse(null);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> list)) {
            root.error("bearerKeys", node, "an array of keys");
            return List.of();
        }
        List<BearerKey> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "bearerKeys[" + i + "]";
            if (!(list.get(i) instanceof ConfigView k)) {
                root.add(ConfigProblem.of(path, list.get(i), "an object with \"token\""));
                continue;
            }
            ConfigReader r = new ConfigReader(k);
            r.knownKeys(McpHubKeys.BEARER_KEY.known());
            String token = r.string("token", null);
            if (token == null) {
                r.add(new ConfigProblem(k.pathOf("token"), ConfigProblem.MISSING, "the key's token"));
            }
            BearerKey key = new BearerKey(
                    r.string("id", String.valueOf(i), s -> true, "a string"),
                    r.string("name", "", s -> true, "a string"),
                    token,
                    r.bool("enabled", true),
                    r.oneOf("accessType", "all", ACCESS_TYPES),
                    Set.copyOf(new LinkedHashSet<>(r.strings("allowedGroups"))),
                    Set.copyOf(new LinkedHashSet<>(r.strings("allowedServers"))));
            boolean userKey = "user".equals(k.get("kind").orElse(null));
            if (userKey) {
                ignored.add("bearerKeys.*.kind=user (user-level keys are not accepted: no users here)");
            }
            root.addAll(r.result(Boolean.TRUE));
            if (r.errors().isEmpty() && !userKey) {
                out.add(key);
            }
        }
        return List.copyOf(out);
    }
}
