package org.rtrain.attacks;

import java.util.SplittableRandom;

/** Seeds of independent, reproducible random streams derived from one base seed. */
public final class StreamSeed {

    /** SplittableRandom's increment (the odd integer closest to 2^64 / golden ratio). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private StreamSeed() {
    }

    /** The seed of stream {@code stream} of {@code seed}: distinct streams give unrelated seeds. */
    public static long of(long seed, long stream) {
        // SplittableRandom mixes its state with MurmurHash3's finaliser, so adjacent inputs decorrelate.
        return new SplittableRandom(seed + GOLDEN_GAMMA * (stream + 1)).nextLong();
    }
}
