package io.mcphub.plugins.bench;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.LoadBalancer;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.ResponseHeader;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Nanoseconds per pick, per plugin and cluster size. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PickBenchmark {

    @Param({"3", "50", "500"})
    int nodes;

    @Param({
        "consistent-hash",
        "cookie",
        "header",
        "round-robin",
        "random",
        "least-connections",
        "weighted",
        "power-of-two"
    })
    String plugin;

    private static final int KEYS = 1024;
    private RoutingRequest[] requests;
    private StickyStrategy.Router router;
    private LoadBalancer.Picker picker;
    private int next;

    @Setup
    public void setUp() {
        List<NodeView> list = BenchNode.nodes(nodes);
        NodeSet set = NodeSet.of(list);
        requests = new RoutingRequest[KEYS];
        if (List.of("consistent-hash", "cookie", "header").contains(plugin)) {
            router = Plugins.sticky(plugin, ConfigView.empty("stickySession")).router(set);
            for (int i = 0; i < KEYS; i++) {
                String session = UUID.randomUUID().toString();
                NodeView node = list.get(i % nodes);
                List<ResponseHeader> h = router.onPlaced(node, RoutingRequest.forSession(session, "s"));
                // the value the hub issued, sent back as the client would
                String value = h.isEmpty() ? "" : h.get(0).value().split(";")[0].replaceFirst("^[^=]*=", "");
                requests[i] = plugin.equals("header")
                        ? RoutingRequest.of(
                                session, "s", Map.of("X-MCPHub-Node", h.get(0).value()), Map.of())
                        : RoutingRequest.of(session, "s", Map.of(), Map.of("MCPHUB_NODE", value));
            }
        } else {
            picker = Plugins.balancer(plugin).picker(set);
            for (int i = 0; i < KEYS; i++) {
                requests[i] = RoutingRequest.forSession("s" + i, "s");
            }
        }
    }

    @Benchmark
    public Optional<NodeView> pick() {
        RoutingRequest r = requests[next++ & (KEYS - 1)];
        return router != null ? router.route(r) : picker.pick(r);
    }
}
