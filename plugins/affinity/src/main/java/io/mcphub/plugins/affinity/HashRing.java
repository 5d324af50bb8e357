package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import java.util.Arrays;

/**
 * A consistent-hash ring with virtual nodes over one {@link NodeSet}, immutable once built.
 *
 * <p>Each point packs its position (high 44 bits) and the owning node's index in the set (low 20 bits)
 * into one long, so the ring is a single sorted {@code long[]}: a lookup is one binary search with no
 * allocation. Points are derived from node ids only, never from list order or addresses, so rebuilding
 * the ring for a reordered set gives the same owners.
 */
final class HashRing {
    static final int MAX_NODES = 1 << 20;
    private static final long INDEX_MASK = MAX_NODES - 1;

    private final long[] points;

    private HashRing(long[] points) {
        this.points = points;
    }

    static HashRing build(NodeSet nodes, int virtualNodes) {
        if (nodes.size() >= MAX_NODES) {
            throw new IllegalArgumentException("a ring holds at most " + (MAX_NODES - 1) + " nodes");
        }
        long[] pts = new long[nodes.size() * virtualNodes];
        int k = 0;
        for (int i = 0; i < nodes.size(); i++) {
            long base = Hashing.hash64(nodes.get(i).id());
            for (int v = 0; v < virtualNodes; v++) {
                // the golden-ratio step makes each virtual node an independent point of the same id
                long pos = Hashing.mix(base + (v + 1) * 0x9E3779B97F4A7C15L);
                pts[k++] = (pos & ~INDEX_MASK) | i;
            }
        }
        Arrays.sort(pts);
        return new HashRing(pts);
    }

    /** Number of points on the ring. */
    int size() {
        return points.length;
    }

    /** Index of the first point at or after {@code keyHash}, wrapping around. */
    int firstPointFor(long keyHash) {
        long probe = keyHash | INDEX_MASK;
        int i = Arrays.binarySearch(points, probe);
        if (i < 0) {
            i = -i - 1;
        }
        return i == points.length ? 0 : i;
    }

    /** The node index that owns point {@code p} (taken modulo the ring size). */
    int ownerAt(int p) {
        return (int) (points[p % points.length] & INDEX_MASK);
    }
}
