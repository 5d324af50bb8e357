package io.mcphub.runtime;

import io.mcphub.api.ApiRoutes;
import io.mcphub.hub.Hub;
import io.mcphub.metrics.HubMetrics;
import io.mcphub.mode.AdvertisedAddress;
import io.mcphub.mode.HealthCheck;
import io.mcphub.mode.HubLoad;
import io.mcphub.mode.ModeContext;
import io.mcphub.mode.SessionDetails;
import io.mcphub.mode.SessionIds;
import io.mcphub.plugin.ClusterRouting;
import io.mcphub.session.ClientSession;
import io.mcphub.upstream.HttpUpstreamOptions;
import io.mcphub.upstream.Scheduler;
import io.mcphub.upstream.StreamableHttpTransport;
import io.mcphub.upstream.Threads;
import io.mcphub.upstream.Upstream;
import io.mcphub.upstream.UpstreamClient;
import io.mcphub.upstream.UpstreamEvents;
import io.mcphub.upstream.UpstreamServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The engine's side of {@link ModeContext}: a thin view of one running hub, its routes and its cluster settings. */
final class EngineModeContext implements ModeContext {

    private final Hub hub;
    private final ApiRoutes routes;
    private final ClusterRouting routing;
    private final String secret;
    private final AdvertisedAddress bound;

    EngineModeContext(Hub hub, ApiRoutes routes, ClusterRouting routing, String secret, AdvertisedAddress bound) {
        this.hub = hub;
        this.routes = routes;
        this.routing = routing;
        this.secret = secret;
        this.bound = bound;
    }

    @Override
    public String clusterSecret() {
        return secret;
    }

    @Override
    public String advertisedUrl() {
        return bound.url();
    }

    @Override
    public AdvertisedAddress listening() {
        return bound;
    }

    @Override
    public ClusterRouting routing() {
        return routing;
    }

    @Override
    public List<Upstream> upstreams() {
        return hub.upstreams();
    }

    @Override
    public List<String> localServers() {
        return hub.localServers().stream().map(UpstreamServer::name).toList();
    }

    @Override
    public boolean addUpstream(Upstream upstream) {
        return hub.addUpstream(upstream);
    }

    @Override
    public void removeUpstream(Upstream upstream) {
        hub.removeUpstream(upstream);
    }

    @Override
    public UpstreamEvents events() {
        return hub.events();
    }

    @Override
    public void addCatalogListener(Consumer<Upstream> listener) {
        hub.addCatalogListener(listener);
    }

    @Override
    public void clusterChanged() {
        hub.clusterChanged();
    }

    @Override
    public UpstreamClient connect(String name, URI url, Map<String, String> headers, UpstreamClient.Inbound inbound) {
        StreamableHttpTransport transport = new StreamableHttpTransport(name, url, headers, HttpUpstreamOptions.PEER);
        UpstreamClient client = new UpstreamClient(name, transport, inbound);
        transport.start(client);
        return client;
    }

    @Override
    public ClientSession session(String id) {
        return hub.session(id);
    }

    @Override
    public HubLoad load() {
        int sessions = 0;
        int inFlight = 0;
        for (ClientSession s : hub.sessions().all()) {
            sessions++;
            inFlight += s.inFlightCount();
        }
        return new HubLoad(sessions, inFlight);
    }

    @Override
    public ApiRoutes routes() {
        return routes;
    }

    @Override
    public Scheduler scheduler() {
        return hub.scheduler();
    }

    @Override
    public Executor blocking() {
        return Threads.blocking();
    }

    @Override
    public HubMetrics metrics() {
        return hub.metrics();
    }

    @Override
    public void addHealthCheck(HealthCheck check) {
        hub.operatorHooks().addHealthCheck(check);
    }

    @Override
    public void sessionIds(SessionIds ids) {
        hub.sessionIds(ids);
    }

    @Override
    public void sessionDetails(SessionDetails details) {
        hub.operatorHooks().sessionDetails(details);
    }
}
