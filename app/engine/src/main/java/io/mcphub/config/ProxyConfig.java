package io.mcphub.config;

/**
 * MCPHub's per-server {@code proxy}: where a server's network traffic goes. MCPHub routes a stdio server's traffic
 * through proxychains4 with these settings; this hub also sends an HTTP server's requests through an {@code http}
 * proxy.
 *
 * @param type       {@code http}, {@code socks4} or {@code socks5}
 * @param configPath a proxychains4 configuration file that replaces the other settings; null when not given
 */
public record ProxyConfig(String type, String host, int port, String username, String password, String configPath) {}
