package org.rtrain.perturb;

/**
 * The random grow/shrink decisions of one application of {@link SignPerturbation}: a pure function
 * of a seed, so the backward pass recomputes the multipliers instead of storing them.
 *
 * <p>Element {@code i} (counted in the memory order of the array: see {@link SignKernel#drawOrder})
 * gets multiplier {@code 1 + eps} when it grows and {@code 1 - eps} otherwise. The random bits come
 * from SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014): 64-bit word {@code k} is the
 * {@code (k+1)}-th {@code nextLong()} of {@code new java.util.SplittableRandom(seed)}; its low and
 * high halves are 32-bit words {@code 2k} and {@code 2k+1}. Words are random access, so the result
 * does not depend on how the array is split into chunks or threads.
 *
 * <ul>
 *   <li>{@code growProbability} 0.5 (the paper's choice) uses one bit per element. Elements come in
 *       blocks of {@link #BLOCK} = 32 segments of {@link #SEGMENT}; element {@code t} of segment
 *       {@code j} of block {@code b} takes bit {@code j} of 32-bit word {@code b * SEGMENT + t}.
 *       This bit-sliced layout lets the JIT expand a whole segment with vector instructions (one
 *       shift count per segment).</li>
 *   <li>Any other probability compares a 31-bit uniform integer per element, the high 31 bits of
 *       32-bit word {@code i}, with {@code threshold = round(growProbability * 2^31)}: the element
 *       grows with probability exactly {@code threshold / 2^31}, within 2^-32 of the requested
 *       value (0 and 1 exact).</li>
 * </ul>
 *
 * @param seed      the SplitMix64 seed
 * @param epsilon   the relative size of the perturbation
 * @param threshold {@code round(growProbability * 2^31)} as an unsigned 32-bit value
 */
record SignDraw(long seed, double epsilon, int threshold) {

    /** Elements per segment: the unit of the vectorised inner loops. */
    static final int SEGMENT = 1024;
    /** Elements per block: 32 segments share {@link #SEGMENT} 32-bit words, one bit each. */
    static final int BLOCK = 32 * SEGMENT;
    /** The threshold of growProbability 0.5, which takes the one-bit-per-element path. */
    static final int HALF = 1 << 30;

    /** {@code (t + 1) * GOLDEN_GAMMA}: the SplitMix64 state of word {@code first + t}, less the base. */
    private static final long[] GAMMA_STEPS = new long[SEGMENT];

    static {
        for (int t = 0; t < SEGMENT; t++) {
            GAMMA_STEPS[t] = (t + 1) * SplitMix64.GOLDEN_GAMMA;
        }
    }

    /** A draw for the given grow probability in [0, 1]. */
    static SignDraw of(long seed, double epsilon, double growProbability) {
        return new SignDraw(seed, epsilon, (int) Math.round(growProbability * 0x1p31));
    }

    /** True when this draw uses one random bit per element (growProbability 0.5). */
    boolean oneBitPerElement() {
        return threshold == HALF;
    }

    /** The 64-bit SplitMix64 output number {@code k} (from 0) of {@code seed}: the reference. */
    static long word64(long seed, long k) {
        return SplitMix64.output(seed, k);
    }

    /** The 32-bit word number {@code g}: a half of {@link #word64}. */
    int word32(long g) {
        long w = word64(seed, g >>> 1);
        return (int) ((g & 1) == 0 ? w : w >>> 32);
    }

    /**
     * Fills {@code out[0, count)} with 64-bit words {@code first, first + 1, ...}; {@code count} is
     * at most {@link #SEGMENT}. One loop without dependencies between iterations, so that the JIT
     * can vectorise it (it does where the CPU multiplies 64-bit lanes, AVX-512DQ).
     */
    void fillWords64(long first, long[] out, int count) {
        long base = seed + first * SplitMix64.GOLDEN_GAMMA;
        for (int t = 0; t < count; t++) {
            out[t] = SplitMix64.mix(base + GAMMA_STEPS[t]);
        }
    }

    /** Whether element {@code index} grows: the reference definition, one element at a time. */
    boolean grows(long index) {
        if (oneBitPerElement()) {
            long block = index / BLOCK;
            int inBlock = (int) (index % BLOCK);
            int bit = inBlock / SEGMENT;
            return (word32(block * SEGMENT + inBlock % SEGMENT) >>> bit & 1) != 0;
        }
        return belowThreshold(word32(index));
    }

    /** True when the high 31 bits of {@code word}, as a uniform integer, fall below the threshold. */
    boolean belowThreshold(int word) {
        // (word >>> 1) - threshold lies in [-2^31, 2^31): its sign bit is the comparison, branch-free.
        return ((word >>> 1) - threshold) >>> 31 != 0;
    }

    /** The multiplier of element {@code index}: {@code 1 + eps} if it grows, else {@code 1 - eps}. */
    double multiplier(long index) {
        return grows(index) ? 1.0 + epsilon : 1.0 - epsilon;
    }
}
