package io.mcphub.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.catalog.ServerCatalog;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.HubLoad;
import io.mcphub.mode.ModeContext;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamStatus;
import java.util.List;
import java.util.function.Supplier;

/** The bodies the node sends: what it is, what servers it runs (with or without their catalogs), and its load. */
final class NodeReport {
    private final ModeContext hub;
    private final NodeIdentity identity;
    private final NodeConfig config;
    private final Supplier<List<String>> coordinators;

    NodeReport(ModeContext hub, NodeIdentity identity, NodeConfig config) {
        this(hub, identity, config, List::of);
    }

    /** @param coordinators the coordinators the node reports to now (each learns of the others from it) */
    NodeReport(ModeContext hub, NodeIdentity identity, NodeConfig config, Supplier<List<String>> coordinators) {
        this.hub = hub;
        this.identity = identity;
        this.config = config;
        this.coordinators = coordinators;
    }

    /** Every enabled server the node runs (a disabled one is not offered to the cluster). */
    List<Upstream> servers() {
        return hub.upstreams().stream()
                .filter(u -> u.status().state() != UpstreamStatus.State.DISABLED)
                .toList();
    }

    /** {@code POST /api/cluster/register}: identity, servers with catalogs, load. */
    ObjectNode register() {
        ObjectNode o = Json.object();
        o.put("id", identity.id());
        o.put("name", identity.name());
        o.put("url", identity.url());
        o.put("weight", config.weight());
        o.put("heartbeatInterval", config.heartbeatInterval().toMillis());
        servers(o.putArray("servers"), true);
        load(o);
        coordinators(o);
        return o;
    }

    /** {@code POST /api/cluster/heartbeat}: id, servers with their catalog versions, load. */
    ObjectNode heartbeat() {
        ObjectNode o = Json.object();
        o.put("id", identity.id());
        // so that the coordinator can tell this node from another that was given the same id
        o.put("url", identity.url());
        servers(o.putArray("servers"), false);
        load(o);
        coordinators(o);
        return o;
    }

    private void servers(ArrayNode out, boolean withCatalog) {
        for (Upstream u : servers()) {
            ServerCatalog catalog = u.catalog();
            if (catalog == null) {
                catalog = ServerCatalog.EMPTY;
            }
            ObjectNode s = out.addObject();
            s.put("name", u.name());
            s.put("status", u.status().state().label());
            s.put("catalogVersion", catalog.fingerprint());
            if (withCatalog) {
                s.set("catalog", catalog.toJson());
            }
        }
    }

    private void coordinators(ObjectNode o) {
        List<String> urls = coordinators.get();
        if (!urls.isEmpty()) {
            ArrayNode out = o.putArray("coordinators");
            urls.forEach(out::add);
        }
    }

    private void load(ObjectNode o) {
        HubLoad now = hub.load();
        ObjectNode load = o.putObject("load");
        load.put("sessions", now.sessions());
        load.put("inFlight", now.inFlight());
    }
}
