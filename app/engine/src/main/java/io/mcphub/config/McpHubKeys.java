package io.mcphub.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of each block of an {@code mcp_settings.json} whose keys the hub knows: the ones it reads, and MCPHub's
 * ones it deliberately ignores (listed once at start, by name). A key in neither is reported as a warning with the
 * nearest known key, since it is most often a typo. One place, so that the loader, the log line and the README agree.
 */
final class McpHubKeys {
    private McpHubKeys() {}

    /** A block: the keys read, and MCPHub's keys this hub does not act on. */
    record Block(Set<String> read, Set<String> ignored) {
        Set<String> known() {
            Set<String> all = new LinkedHashSet<>(read);
            all.addAll(ignored);
            return all;
        }
    }

    static final Block ROOT = new Block(
            set("mcpServers", "groups", "systemConfig", "bearerKeys"),
            // dashboard users and the hub's own OAuth server; built-in prompt and resource templates
            set("users", "userConfigs", "oauthClients", "oauthTokens", "prompts", "resources"));

    static final Block SERVER = new Block(
            set(
                    "type",
                    "command",
                    "args",
                    "env",
                    "url",
                    "headers",
                    "enabled",
                    "options",
                    "tools",
                    "prompts",
                    "resources",
                    "perSessionClient",
                    "protocol",
                    "passthroughHeaders",
                    "enableKeepAlive",
                    "keepAliveInterval",
                    "startOnDemand",
                    "idleTimeoutMs",
                    "proxy"),
            // dashboard bookkeeping, per-user visibility, upstream OAuth and the OpenAPI type
            // (a server-level "timeout", as in one of MCPHub's doc examples, is ignored by MCPHub too: options.timeout)
            set(
                    "owner",
                    "description",
                    "visibility",
                    "sharedWithUsers",
                    "createdAt",
                    "credentialTemplate",
                    "oauth",
                    "openapi",
                    "timeout"));

    /** {@code options}: MCPHub's database mode mirrors startOnDemand and idleTimeoutMs here; they mean the same. */
    static final Block OPTIONS = new Block(
            set("timeout", "resetTimeoutOnProgress", "maxTotalTimeout", "startOnDemand", "idleTimeoutMs"), Set.of());

    static final Block ITEM_OVERRIDE = new Block(set("enabled", "description"), Set.of());

    static final Block PROXY =
            new Block(set("enabled", "type", "host", "port", "username", "password", "configPath"), Set.of());

    static final Block GROUP =
            new Block(set("id", "name", "description", "servers"), set("owner", "visibility", "sharedWithUsers"));

    static final Block GROUP_MEMBER = new Block(set("name", "alias", "tools", "prompts", "resources"), Set.of());

    static final Block BEARER_KEY = new Block(
            set("id", "name", "token", "enabled", "accessType", "allowedGroups", "allowedServers", "kind"),
            set("owner"));

    static final Block SYSTEM = new Block(
            set("routing", "nameSeparator", "http", "cluster", "metrics", "dashboard"),
            // the dashboard's installer, smart routing, the market, OAuth, logging and other dashboard features
            set(
                    "install",
                    "smartRouting",
                    "toolResultCompression",
                    "mcpRouter",
                    "oauth",
                    "oauthServer",
                    "enableSessionRebuild",
                    "auth",
                    "discovery",
                    "activityLog"));

    static final Block ROUTING = new Block(
            set("enableGlobalRoute", "enableGroupNameRoute", "enableBearerAuth", "bearerAuthKey"),
            set("bearerAuthHeaderName", "jsonBodyLimit", "skipAuth"));

    static final Block HTTP = new Block(
            set(
                    "maxBodyBytes",
                    "sessionIdleTimeout",
                    "maxSessions",
                    "keepAliveInterval",
                    "eventBufferSize",
                    "allowedOrigins",
                    "allowedHosts"),
            Set.of());

    /** {@code systemConfig.dashboard}: our extension, the page the hub serves ({@link DashboardConfig}). */
    static final Block DASHBOARD = new Block(set("enabled", "path"), Set.of());

    /**
     * Paths outside {@code mcpServers} whose values the hub uses: an unset {@code ${VAR}} in one of them stops the
     * start (the hub cannot guess a key or a port); anywhere else outside a server it does not matter.
     */
    static final List<String> READ_PATHS = List.of(
            "groups",
            "bearerKeys",
            "systemConfig.routing.enableGlobalRoute",
            "systemConfig.routing.enableGroupNameRoute",
            "systemConfig.routing.enableBearerAuth",
            "systemConfig.routing.bearerAuthKey",
            "systemConfig.nameSeparator",
            "systemConfig.http",
            "systemConfig.cluster",
            "systemConfig.dashboard");

    static boolean isRead(String path) {
        for (String p : READ_PATHS) {
            if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> set(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
