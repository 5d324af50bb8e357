package io.mcphub.plugins.affinity;

/**
 * 64-bit hashing of ids and session ids. FNV-1a alone clusters short, similar strings ({@code node-1},
 * {@code node-2}); the murmur3 finalizer after it spreads them over the whole ring. JDK-only and
 * deterministic across runs and machines, so that a key maps to the same node on every coordinator.
 */
final class Hashing {
    private Hashing() {}

    static long hash64(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** murmur3's fmix64: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
