package io.mcphub.plugins.affinity;

/**
 * The {@code header} strategy's options.
 *
 * @param headerName {@code stickySession.headerName} (MCPHub's key), default {@code X-MCPHub-Node}
 * @param tokens     {@code stickySession.header.signed} (default true) and {@code .secret}
 */
public record HeaderConfig(String headerName, TokenConfig tokens) {
    public static final String DEFAULT_NAME = "X-MCPHub-Node";
}
