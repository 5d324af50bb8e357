package io.mcphub.plugins.bench;

import io.mcphub.spi.ConfigView;
import io.mcphub.spi.NodeSet;
import io.mcphub.spi.NodeView;
import io.mcphub.spi.RoutingRequest;
import io.mcphub.spi.StickyStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * consistent-hash at 10,000 sessions: balance (max/avg) and keys moved when a node leaves or joins.
 * Run: {@code java -cp plugins/bench/target/benchmarks.jar io.mcphub.plugins.bench.BalanceReport}.
 */
public final class BalanceReport {
    private static final int SESSIONS = 10_000;

    public static void main(String[] args) {
        List<String> sessions = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new UUID(r.nextLong(), r.nextLong()).toString());
        }
        System.out.println("nodes  vnodes  max/avg  moved-on-leave (own keys)  moved-on-join (ideal 1/(n+1))");
        for (int vnodes : new int[] {100, 1000}) {
            for (int n : new int[] {3, 10, 50, 500}) {
                StickyStrategy s = Plugins.sticky(
                        "consistent-hash",
                        ConfigView.of("stickySession", Map.of("consistent-hash", Map.of("virtualNodes", vnodes))));
                List<NodeView> nodes = BenchNode.nodes(n);
                Map<String, String> base = place(s, nodes, sessions);
                Map<String, Integer> counts = new HashMap<>();
                base.values().forEach(id -> counts.merge(id, 1, Integer::sum));
                double maxAvg = counts.values().stream()
                                .mapToInt(Integer::intValue)
                                .max()
                                .orElseThrow()
                        / ((double) SESSIONS / n);
                List<NodeView> less = new ArrayList<>(nodes);
                NodeView gone = less.remove(n / 2);
                Map<String, String> afterLeave = place(s, less, sessions);
                long moved = sessions.stream()
                        .filter(k -> !base.get(k).equals(afterLeave.get(k)))
                        .count();
                long own = base.values().stream().filter(gone.id()::equals).count();
                List<NodeView> more = new ArrayList<>(nodes);
                more.add(new BenchNode("node-joining", 1));
                Map<String, String> afterJoin = place(s, more, sessions);
                long joined = sessions.stream()
                        .filter(k -> !base.get(k).equals(afterJoin.get(k)))
                        .count();
                System.out.printf(
                        "%5d  %6d  %7.3f  %6d (%6d)              %6d = %.4f (%.4f)%n",
                        n, vnodes, maxAvg, moved, own, joined, joined / (double) SESSIONS, 1.0 / (n + 1));
            }
        }
    }

    private static Map<String, String> place(StickyStrategy s, List<NodeView> nodes, List<String> sessions) {
        StickyStrategy.Router router = s.router(NodeSet.of(nodes));
        Map<String, String> out = new HashMap<>();
        sessions.forEach(k -> out.put(
                k, router.route(RoutingRequest.forSession(k, "x")).orElseThrow().id()));
        return out;
    }

    private BalanceReport() {}
}
