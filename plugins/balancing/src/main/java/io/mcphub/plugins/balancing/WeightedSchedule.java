package io.mcphub.plugins.balancing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A precomputed cycle of node positions in which each appears in proportion to its weight, spread out
 * (earliest-deadline-first: a node of weight w is due every 1/w). A pick is then one array read at a
 * shared counter: lock-free, O(1), and exact over every whole cycle.
 */
final class WeightedSchedule {
    /** Longer cycles are scaled down; weights above 1000 are clamped anyway. */
    static final int MAX_CYCLE = 1 << 16;

    private final int[] cycle;

    private WeightedSchedule(int[] cycle) {
        this.cycle = cycle;
    }

    /**
     * @param weights weight of each position, each at least 1
     * @param ids     node ids, to break deadline ties by identity rather than by list position
     */
    static WeightedSchedule of(int[] weights, String[] ids) {
        int n = weights.length;
        if (n == 0) {
            return new WeightedSchedule(new int[0]);
        }
        long total = Arrays.stream(weights).asLongStream().sum();
        int[] w = weights.clone();
        if (total > MAX_CYCLE) {
            double scale = (double) MAX_CYCLE / total;
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(1, (int) Math.round(weights[i] * scale));
            }
        }
        int length = Arrays.stream(w).sum();
        int[] served = new int[n];
        Comparator<Integer> byDeadline = Comparator.<Integer>comparingDouble(i -> (served[i] + 1) / (double) w[i])
                .thenComparing(i -> ids[i]);
        PriorityQueue<Integer> due = new PriorityQueue<>(n, byDeadline);
        for (int i = 0; i < n; i++) {
            due.add(i);
        }
        int[] cycle = new int[length];
        for (int k = 0; k < length; k++) {
            int i = due.poll();
            cycle[k] = i;
            served[i]++;
            due.add(i);
        }
        return new WeightedSchedule(cycle);
    }

    int length() {
        return cycle.length;
    }

    /** The position due at step {@code seq} (any long, wraps around the cycle). */
    int at(long seq) {
        return cycle[(int) Math.floorMod(seq, (long) cycle.length)];
    }
}
