package io.mcphub.plugins.affinity;

import io.mcphub.spi.NodeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rings of the node sets routers were recently built for, so that a new cluster view costs only what changed:
 * a server whose replicas are the same nodes in the same order gets the same ring (a view that changed another
 * server, or only health, rebuilds nothing), and a set that differs by a node joining or leaving is
 * {@link HashRing#derive derived} from the closest ring held, in linear time, rather than hashed and sorted whole.
 *
 * <p>Bounded by points held (the least recently used rings go first), so many servers with large rings do not pin
 * unbounded memory; a set evicted is derived again from a neighbour. <b>Threading:</b> safe for any thread (one lock;
 * routers are built when a view is applied, never on the request path).
 */
final class RingCache {
    private final int virtualNodes;
    private final long maxPoints;
    /** Access-ordered: the eldest entry is the least recently used. */
    private final LinkedHashMap<List<String>, HashRing> rings = new LinkedHashMap<>(16, 0.75f, true);

    private long points;

    RingCache(int virtualNodes, long maxPoints) {
        this.virtualNodes = virtualNodes;
        this.maxPoints = maxPoints;
    }

    synchronized HashRing ringFor(NodeSet nodes) {
        List<String> key = ids(nodes);
        HashRing held = rings.get(key);
        if (held != null) {
            return held;
        }
        HashRing base = closest(nodes);
        HashRing ring = base == null ? HashRing.build(nodes, virtualNodes) : HashRing.derive(base, nodes, virtualNodes);
        rings.put(key, ring);
        points += ring.size();
        evict();
        return ring;
    }

    /** How many rings are held (tests). */
    synchronized int size() {
        return rings.size();
    }

    /** The held ring sharing the most nodes with {@code nodes}, when it shares at least half of them. */
    private HashRing closest(NodeSet nodes) {
        if (rings.isEmpty() || nodes.size() == 0) {
            return null;
        }
        Map<String, Integer> ids = new HashMap<>(nodes.size() * 2);
        for (int i = 0; i < nodes.size(); i++) {
            ids.put(nodes.get(i).id(), i);
        }
        HashRing best = null;
        int bestScore = 0;
        for (HashRing r : rings.values()) {
            int common = r.overlap(ids);
            // what a derivation drops and adds; a full build is cheaper than a far neighbour
            int score = common * 2 - r.nodeCount();
            if (common * 2 >= nodes.size() && (best == null || score > bestScore)) {
                best = r;
                bestScore = score;
            }
        }
        return best;
    }

    private void evict() {
        Iterator<HashRing> it = rings.values().iterator();
        while (points > maxPoints && rings.size() > 1 && it.hasNext()) {
            HashRing eldest = it.next();
            points -= eldest.size();
            it.remove();
        }
    }

    private static List<String> ids(NodeSet nodes) {
        List<String> ids = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            ids.add(nodes.get(i).id());
        }
        return List.copyOf(ids);
    }
}
