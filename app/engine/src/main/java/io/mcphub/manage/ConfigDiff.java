package io.mcphub.manage;

import io.mcphub.config.HubSettings;
import io.mcphub.config.RoutingConfig;
import io.mcphub.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between the settings a hub serves and new ones, as the hub applies it: servers to start, to stop, to
 * replace (stop, then start with the new entry), servers whose overrides alone changed (listed again in place),
 * whether groups or the live routing switches changed, and the keys that only a restart applies.
 *
 * @param restartOnly paths of changed keys a running hub cannot apply (its guards, the cluster, the names clients hold)
 */
public record ConfigDiff(
        List<ServerConfig> added,
        List<String> removed,
        List<ServerConfig> replaced,
        List<ServerConfig> overridesChanged,
        boolean groupsChanged,
        boolean routingChanged,
        List<String> restartOnly) {

    public static ConfigDiff between(HubSettings old, HubSettings next) {
        List<ServerConfig> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<ServerConfig> replaced = new ArrayList<>();
        List<ServerConfig> overrides = new ArrayList<>();
        Map<String, ServerConfig> before = old.servers();
        for (ServerConfig s : next.servers().values()) {
            ServerConfig was = before.get(s.name());
            if (was == null) {
                added.add(s);
            } else if (!was.equals(s)) {
                if (withoutOverrides(was).equals(withoutOverrides(s))) {
                    overrides.add(s);
                } else {
                    replaced.add(s);
                }
            }
        }
        for (String name : before.keySet()) {
            if (!next.servers().containsKey(name)) {
                removed.add(name);
            }
        }
        RoutingConfig a = old.routing();
        RoutingConfig b = next.routing();
        boolean routing =
                a.enableGlobalRoute() != b.enableGlobalRoute() || a.enableGroupNameRoute() != b.enableGroupNameRoute();
        List<String> restartOnly = new ArrayList<>();
        if (a.enableBearerAuth() != b.enableBearerAuth()) {
            restartOnly.add("systemConfig.routing.enableBearerAuth");
        }
        if (!Objects.equals(a.bearerAuthKey(), b.bearerAuthKey())) {
            restartOnly.add("systemConfig.routing.bearerAuthKey");
        }
        if (!Objects.equals(a.bearerKeys(), b.bearerKeys())) {
            restartOnly.add("bearerKeys");
        }
        if (!old.nameSeparator().equals(next.nameSeparator())) {
            restartOnly.add("systemConfig.nameSeparator");
        }
        if (!old.http().equals(next.http())) {
            restartOnly.add("systemConfig.http");
        }
        if (!old.cluster().equals(next.cluster()) || !Objects.equals(cluster(old), cluster(next))) {
            restartOnly.add("systemConfig.cluster");
        }
        if (!old.dashboard().equals(next.dashboard())) {
            restartOnly.add("systemConfig.dashboard");
        }
        return new ConfigDiff(
                List.copyOf(added),
                List.copyOf(removed),
                List.copyOf(replaced),
                List.copyOf(overrides),
                !old.groups().equals(next.groups()),
                routing,
                List.copyOf(restartOnly));
    }

    private static Object cluster(HubSettings s) {
        return s.raw().path("systemConfig").path("cluster");
    }

    /** Whether applying it changes nothing a client or a server would see. */
    public boolean isEmpty() {
        return added.isEmpty()
                && removed.isEmpty()
                && replaced.isEmpty()
                && overridesChanged.isEmpty()
                && !groupsChanged
                && !routingChanged;
    }

    /**
     * The settings the hub serves after the diff: the new servers, groups and routing switches, and the old values of
     * what only a restart applies (so the running guards and what the hub reports agree).
     */
    public static HubSettings live(HubSettings old, HubSettings next) {
        RoutingConfig a = old.routing();
        RoutingConfig b = next.routing();
        RoutingConfig routing = new RoutingConfig(
                b.enableGlobalRoute(),
                b.enableGroupNameRoute(),
                a.enableBearerAuth(),
                a.bearerAuthKey(),
                a.bearerKeys());
        return new HubSettings(
                next.servers(),
                next.groups(),
                routing,
                old.nameSeparator(),
                old.http(),
                old.cluster(),
                old.dashboard(),
                next.raw(),
                next.warnings(),
                next.ignored());
    }

    private static ServerConfig withoutOverrides(ServerConfig c) {
        return new ServerConfig(
                c.name(),
                c.type(),
                c.command(),
                c.args(),
                c.env(),
                c.url(),
                c.headers(),
                c.enabled(),
                c.timeout(),
                c.resetTimeoutOnProgress(),
                c.maxTotalTimeout(),
                Map.of(),
                Map.of(),
                Map.of(),
                c.passthroughHeaders(),
                c.keepAlive(),
                c.startOnDemand(),
                c.idleTimeout(),
                c.proxy(),
                c.perSession(),
                c.protocol(),
                c.startError());
    }
}
