package io.mcphub.plugins.bench;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.StickyStrategy;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Microseconds per consistent-hash router built for a new cluster view (1000 virtual nodes a node): the view that
 * changed nothing for this server ({@code same}), and one where a node of its replicas was replaced
 * ({@code one-replaced}: a ring derived from the previous one rather than hashed and sorted whole), against a
 * full build of every point ({@code full}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouterBuildBenchmark {

    @Param({"100", "500"})
    int nodes;

    /** {@code full}: what every view cost before the rings were cached and derived (a strategy with none held). */
    @Param({"same", "one-replaced", "full"})
    String change;

    private StickyStrategy strategy;
    private final List<NodeSet> sets = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        strategy = Plugins.sticky("consistent-hash", ConfigView.empty("stickySession"));
        List<NodeView> base = BenchNode.nodes(nodes + 64);
        // each set: the first `nodes` nodes with node k swapped for a spare, so every set differs from the last
        for (int k = 0; k < 64; k++) {
            List<NodeView> members = new ArrayList<>(base.subList(0, nodes));
            if (!change.equals("same")) {
                members.set(k % nodes, base.get(nodes + k));
            }
            sets.add(NodeSet.of(members));
        }
    }

    @Benchmark
    public StickyStrategy.Router build() {
        NodeSet set = sets.get(next);
        next = (next + 1) % sets.size();
        StickyStrategy s =
                change.equals("full") ? Plugins.sticky("consistent-hash", ConfigView.empty("stickySession")) : strategy;
        return s.router(set);
    }
}
