package io.mcphub.config;

/** How the hub reaches a server; names as in MCPHub's settings. */
public enum TransportType {
    STDIO("stdio"),
    SSE("sse"),
    STREAMABLE_HTTP("streamable-http"),
    OPENAPI("openapi");

    private final String configName;

    TransportType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static TransportType fromConfig(String name) {
        for (TransportType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
