package io.mcphub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Side by side: the same load on several endpoints in interleaved rounds (the order rotates each round), so that
 * whatever else the shared machine does falls on all of them alike. Figures are medians over rounds; ratios and
 * differences are taken within each round and their median reported.
 */
final class Compare {
    final Map<String, List<Load.Result>> byTarget = new LinkedHashMap<>();
    final int rounds;

    private Compare(int rounds) {
        this.rounds = rounds;
    }

    static Compare run(
            List<? extends Target> loads,
            int rounds,
            Duration firstWarmup,
            Duration warmup,
            Duration window,
            Report report)
            throws InterruptedException {
        Compare c = new Compare(rounds);
        for (Target l : loads) {
            c.byTarget.put(l.name(), new ArrayList<>());
            l.run(firstWarmup, Duration.ZERO); // JIT, connection pools, upstream processes
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < loads.size(); i++) {
                Target l = loads.get((i + r) % loads.size());
                Load.Result res = l.run(warmup, window);
                c.byTarget.get(l.name()).add(res);
                report.detail("round " + (r + 1) + ": " + res);
            }
        }
        return c;
    }

    double median(String target, ToDoubleFunction<Load.Result> f) {
        return Report.median(byTarget.get(target).stream().map(f::applyAsDouble).toList());
    }

    /** median over rounds of f(a) / f(b) */
    double ratio(String a, String b, ToDoubleFunction<Load.Result> f) {
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            v.add(f.applyAsDouble(byTarget.get(a).get(r))
                    / f.applyAsDouble(byTarget.get(b).get(r)));
        }
        return Report.median(v);
    }

    /** median over rounds of f(a) - f(b) */
    double difference(String a, String b, ToDoubleFunction<Load.Result> f) {
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            v.add(f.applyAsDouble(byTarget.get(a).get(r))
                    - f.applyAsDouble(byTarget.get(b).get(r)));
        }
        return Report.median(v);
    }

    long errors() {
        return byTarget.values().stream()
                .flatMap(List::stream)
                .mapToLong(Load.Result::errors)
                .sum();
    }

    String summary(String target) {
        return String.format(
                "%s: %s, p50 %s, p99 %s",
                target,
                Report.rate(median(target, Load.Result::throughput)),
                Report.ms(median(target, Load.Result::p50)),
                Report.ms(median(target, Load.Result::p99)));
    }
}
