package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A consistent-hash ring with virtual nodes over one {@link NodeSet}, immutable once built.
 *
 * <p>Each point packs its position (high 44 bits) and the owning node's index in the set (low 20 bits)
 * into one long, so the ring is a single sorted {@code long[]}: a lookup is one binary search with no
 * allocation. Points are derived from node ids only, never from list order or addresses, so rebuilding
 * the ring for a reordered set gives the same owners.
 *
 * <p>A ring for a set that differs from an existing ring's by a few nodes is {@link #derive derived} from it in
 * linear time: the points of the nodes that stay are kept (re-indexed), the leaving nodes' points dropped, and the
 * joining nodes' points merged in. The result is the very array a full {@link #build} gives; a full build hashes
 * and sorts every point (100 nodes x 1000 virtual nodes: a sort of 100,000 longs per server per cluster view).
 */
final class HashRing {
    static final int MAX_NODES = 1 << 20;
    private static final long INDEX_MASK = MAX_NODES - 1;

    private final long[] points;
    /** The node id of each index, in the set's order. */
    private final String[] ids;

    private HashRing(long[] points, String[] ids) {
        this.points = points;
        this.ids = ids;
    }

    static HashRing build(NodeSet nodes, int virtualNodes) {
        checkSize(nodes);
        long[] pts = new long[nodes.size() * virtualNodes];
        for (int i = 0; i < nodes.size(); i++) {
            addPoints(pts, i * virtualNodes, nodes.get(i).id(), i, virtualNodes);
        }
        Arrays.sort(pts);
        return new HashRing(pts, ids(nodes));
    }

    /**
     * The ring of {@code nodes}, made from {@code base} (a ring of the same virtual node count): equal to
     * {@code build(nodes, virtualNodes)}, in O(points) plus the joining nodes' own sort.
     */
    static HashRing derive(HashRing base, NodeSet nodes, int virtualNodes) {
        checkSize(nodes);
        Map<String, Integer> index = new HashMap<>(nodes.size() * 2);
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
        }
        int[] remap = new int[base.ids.length];
        boolean[] kept = new boolean[nodes.size()];
        for (int j = 0; j < base.ids.length; j++) {
            Integer i = index.get(base.ids[j]);
            remap[j] = i == null ? -1 : i;
            if (i != null) {
                kept[i] = true;
            }
        }
        // a node joining at the end of the set (the usual registration) keeps every index as it was: the points
        // need no re-encoding, and when the order of the staying nodes is kept, points at one position stay sorted
        boolean identity = base.ids.length <= nodes.size();
        boolean monotonic = true;
        int last = -1;
        for (int j = 0; j < remap.length; j++) {
            identity &= remap[j] == j;
            if (remap[j] >= 0) {
                monotonic &= remap[j] > last;
                last = remap[j];
            }
        }
        long[] staying;
        int n;
        if (identity) {
            staying = base.points;
            n = base.points.length;
        } else {
            staying = new long[base.points.length];
            n = 0;
            for (long p : base.points) {
                int to = remap[(int) (p & INDEX_MASK)];
                if (to >= 0) {
                    staying[n++] = (p & ~INDEX_MASK) | to;
                }
            }
            if (!monotonic) {
                // points at one position sort by index, which the new set reordered
                sortTies(staying, n);
            }
        }
        int joining = 0;
        for (boolean k : kept) {
            if (!k) {
                joining++;
            }
        }
        long[] fresh = new long[joining * virtualNodes];
        int at = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (!kept[i]) {
                addPoints(fresh, at, nodes.get(i).id(), i, virtualNodes);
                at += virtualNodes;
            }
        }
        Arrays.sort(fresh);
        return new HashRing(merge(staying, n, fresh), ids(nodes));
    }

    /** How many of {@code nodes}' ids this ring has points for. */
    int overlap(Map<String, Integer> ids) {
        int common = 0;
        for (String id : this.ids) {
            if (ids.containsKey(id)) {
                common++;
            }
        }
        return common;
    }

    /** Number of nodes on the ring. */
    int nodeCount() {
        return ids.length;
    }

    /** The ring's points, for comparisons in tests. */
    long[] points() {
        return points.clone();
    }

    private static void checkSize(NodeSet nodes) {
        if (nodes.size() >= MAX_NODES) {
            throw new IllegalArgumentException("a ring holds at most " + (MAX_NODES - 1) + " nodes");
        }
    }

    private static String[] ids(NodeSet nodes) {
        String[] ids = new String[nodes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nodes.get(i).id();
        }
        return ids;
    }

    private static void addPoints(long[] into, int from, String id, int index, int virtualNodes) {
        long base = Hashing.hash64(id);
        for (int v = 0; v < virtualNodes; v++) {
            // the golden-ratio step makes each virtual node an independent point of the same id
            long pos = Hashing.mix(base + (v + 1) * 0x9E3779B97F4A7C15L);
            into[from + v] = (pos & ~INDEX_MASK) | index;
        }
    }

    /** Sorts each run of points that share a position (rare: positions are 44 bits). */
    private static void sortTies(long[] pts, int n) {
        int i = 0;
        while (i < n) {
            int j = i + 1;
            long pos = pts[i] & ~INDEX_MASK;
            while (j < n && (pts[j] & ~INDEX_MASK) == pos) {
                j++;
            }
            if (j - i > 1) {
                Arrays.sort(pts, i, j);
            }
            i = j;
        }
    }

    private static long[] merge(long[] a, int an, long[] b) {
        long[] out = new long[an + b.length];
        if ((long) b.length * 32 < an) {
            // few joining points into many: copy the runs between them whole
            int from = 0;
            int k = 0;
            for (long x : b) {
                int at = Arrays.binarySearch(a, from, an, x);
                at = at < 0 ? -at - 1 : at;
                System.arraycopy(a, from, out, k, at - from);
                k += at - from;
                out[k++] = x;
                from = at;
            }
            System.arraycopy(a, from, out, k, an - from);
            return out;
        }
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < an && j < b.length) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < an) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return out;
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
