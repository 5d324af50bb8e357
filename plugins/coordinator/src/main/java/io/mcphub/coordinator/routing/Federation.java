package io.mcphub.coordinator.routing;

import io.mcphub.coordinator.registry.ClusterView;
import io.mcphub.mode.ModeContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hub's servers in step with the cluster: a replica set per server name any node reports, added to the
 * hub when the first node reports it, updated on every new cluster view, removed when no node has it. A server
 * the coordinator runs itself keeps its name; the cluster's replicas of it are not used.
 */
final class Federation {
    private static final Logger log = LoggerFactory.getLogger(Federation.class);

    private final ModeContext hub;
    private final Function<String, ReplicaSetUpstream> create;
    private final Function<String, ReplicaSet> snapshot;
    private final Map<String, ReplicaSetUpstream> servers = new ConcurrentHashMap<>();
    private final Set<String> shadowed = ConcurrentHashMap.newKeySet();

    Federation(ModeContext hub, Function<String, ReplicaSetUpstream> create, Function<String, ReplicaSet> snapshot) {
        this.hub = hub;
        this.create = create;
        this.snapshot = snapshot;
    }

    /** Applies a new cluster view. Serialized by the caller: views arrive one at a time. */
    synchronized void apply(ClusterView view) {
        Set<String> names = new HashSet<>(view.servers());
        for (String name : names) {
            ReplicaSetUpstream existing = servers.get(name);
            if (existing != null) {
                String before = existing.catalog().fingerprint();
                boolean wasUp = existing.status().connected();
                existing.update(snapshot.apply(name));
                if (!before.equals(existing.catalog().fingerprint())
                        || wasUp != existing.status().connected()) {
                    hub.events().catalogChanged(existing);
                }
            } else if (!shadowed.contains(name)) {
                ReplicaSetUpstream u = create.apply(name);
                if (hub.addUpstream(u)) {
                    servers.put(name, u);
                    log.info(
                            "Cluster server {} is served from {} replica(s)",
                            name,
                            view.replicas(name).size());
                } else {
                    shadowed.add(name);
                    log.warn("Server {} runs on the coordinator itself; its replicas on nodes are not used", name);
                }
            }
        }
        for (String name : Set.copyOf(servers.keySet())) {
            if (!names.contains(name)) {
                ReplicaSetUpstream gone = servers.remove(name);
                hub.removeUpstream(gone);
                gone.stop();
                log.info("Cluster server {} is gone: no node reports it", name);
            }
        }
    }

    void stop() {
        servers.values().forEach(u -> {
            hub.removeUpstream(u);
            u.stop();
        });
        servers.clear();
    }
}
