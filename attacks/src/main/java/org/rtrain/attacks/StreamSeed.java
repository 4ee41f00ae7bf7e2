package org.rtrain.attacks;

import org.rtrain.perturb.SplitMix64;

/** Seeds of independent, reproducible random streams derived from one base seed. */
public final class StreamSeed {

    private StreamSeed() {
    }

    /** The seed of stream {@code stream} of {@code seed}: distinct streams give unrelated seeds. */
    public static long of(long seed, long stream) {
        // The first nextLong() of new SplittableRandom(seed + GOLDEN_GAMMA * (stream + 1)).
        return SplitMix64.output(seed, stream + 1);
    }
}
