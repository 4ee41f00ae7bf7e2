package org.rtrain.experiments.spec;

import static org.rtrain.perturb.SplitMix64.mix;

import org.rtrain.perturb.SplitMix64;

/**
 * Run seeds derived from (base seed, run index), so each run's randomness is independent of how
 * many runs there are and of the order they run in. The seeds are those of {@link SplitMix64}.
 */
public final class SeedSequence {

    private SeedSequence() {
    }

    /** The seed of run {@code runIndex} of a spec with base seed {@code baseSeed}. */
    public static long seedFor(long baseSeed, int runIndex) {
        return SplitMix64.output(baseSeed, runIndex);
    }

    /** The seed of a stream within a run (e.g. the shuffle of one epoch). */
    public static long streamSeed(long runSeed, int stream) {
        return mix(runSeed ^ mix(stream + 0x632BE59BD9B4E019L));
    }
}
