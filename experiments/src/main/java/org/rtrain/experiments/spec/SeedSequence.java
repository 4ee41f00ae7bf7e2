package org.rtrain.experiments.spec;

/**
 * Run seeds derived from (base seed, run index), so each run's randomness is independent of how
 * many runs there are and of the order they run in. The mixing function is SplitMix64's finaliser.
 */
public final class SeedSequence {

    private SeedSequence() {
    }

    /** The seed of run {@code runIndex} of a spec with base seed {@code baseSeed}. */
    public static long seedFor(long baseSeed, int runIndex) {
        return mix(baseSeed + 0x9E3779B97F4A7C15L * (runIndex + 1L));
    }

    /** The seed of a stream within a run (e.g. the shuffle of one epoch). */
    public static long streamSeed(long runSeed, int stream) {
        return mix(runSeed ^ mix(stream + 0x632BE59BD9B4E019L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
