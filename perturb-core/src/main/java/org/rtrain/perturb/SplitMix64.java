package org.rtrain.perturb;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014), the generator behind {@link java.util.SplittableRandom}, as pure functions: the project's
 * one way to derive seeds from seeds and to draw random words by index.
 */
public final class SplitMix64 {

    /** The generator's increment: the odd integer closest to 2^64 / golden ratio. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /** The finaliser (a variant of MurmurHash3's): consecutive inputs give unrelated outputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Output number {@code index} (from 0) of the generator seeded with {@code seed}: the
     * {@code (index + 1)}-th {@code nextLong()} of {@code new SplittableRandom(seed)}, in constant time.
     */
    public static long output(long seed, long index) {
        return mix(seed + (index + 1) * GOLDEN_GAMMA);
    }
}
