package io.mcphub.coordinator.registry;

import io.mcphub.catalog.ServerCatalog;

/** One server as one node reports it: its status there, its catalog version, and the catalog itself. */
public record ServerReplica(String server, String status, String catalogVersion, ServerCatalog catalog) {
    public boolean connected() {
        return "connected".equals(status);
    }
}
