package io.mcphub.config;

import java.util.Set;

/**
 * One of MCPHub's {@code bearerKeys}: a token and what it may reach. {@code accessType} {@code all} reaches every
 * endpoint; {@code groups} the listed groups (by id or name); {@code servers} the listed servers' own endpoints;
 * {@code custom} both lists. A disabled key admits nothing.
 */
public record BearerKey(
        String id,
        String name,
        String token,
        boolean enabled,
        String accessType,
        Set<String> allowedGroups,
        Set<String> allowedServers) {}
