package io.mcphub.config;

/** MCPHub's per-tool / per-prompt override: {@code {"enabled": false, "description": "..."}}. */
public record ItemOverride(boolean enabled, String description) {}
