package io.mcphub.coordinator.registry;

import java.util.List;

/** What the node registry answers a node protocol call with; {@link RegistrationApi} renders it as HTTP. */
public sealed interface RegistryAnswer {

    /** The node is registered (new, or replacing its previous record). */
    record Registered(String nodeId, long heartbeatInterval) implements RegistryAnswer {}

    /** A heartbeat was recorded; the coordinator lacks the catalogs of these servers. */
    record Beat(List<String> needCatalog) implements RegistryAnswer {
        public Beat {
            needCatalog = List.copyOf(needCatalog);
        }
    }

    /** A heartbeat from a node the registry does not know: the node registers again. */
    record UnknownNode(String nodeId) implements RegistryAnswer {}

    /** Another live node, at {@code heldBy}, holds the id: the caller must take a distinct one. */
    record IdTaken(String nodeId, String heldBy) implements RegistryAnswer {}

    /** The registry is full; a new node is refused. */
    record Full(int maxNodes) implements RegistryAnswer {}

    /** The node said goodbye; {@code removed} is false when it was not known. */
    record Deregistered(String nodeId, boolean removed) implements RegistryAnswer {}
}
