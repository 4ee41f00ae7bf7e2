package org.rtrain.reports;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The saved outcome of one training run: one table row, one seed, one scale. Written by the
 * experiments as {@code result.json}; the only thing reports read.
 *
 * @param specId          the experiment spec that produced it
 * @param table           the paper's table number
 * @param paperDataset    the dataset the paper's row used
 * @param model           the model as the paper's CSV names it
 * @param variant         {@code base}, {@code fgsm} or {@code r}
 * @param scale           {@code smoke}, {@code quick} or {@code paper}
 * @param datasetUsed     the dataset this run actually trained and tested on
 * @param datasetChecksum MD5s of the files read
 * @param datasetVerified whether those matched the published checksums
 * @param seedIndex       index of the run among the spec's seeds
 * @param seed            the seed derived from the spec's base seed and the run index
 * @param epochs          epochs trained
 * @param trainExamples   training examples per epoch
 * @param testExamples    test examples evaluated
 * @param testErrorPct    top-1 test error in percent
 * @param trainSeconds    wall-clock training time
 * @param imagesPerSecond training throughput
 * @param provenance      spec, software, machine and source revision
 */
public record RunResult(String specId, int table, String paperDataset, String model, String variant, String scale,
                        String datasetUsed, String datasetChecksum, boolean datasetVerified, int seedIndex, long seed,
                        int epochs, int trainExamples, int testExamples, double testErrorPct, double trainSeconds,
                        double imagesPerSecond, Map<String, String> provenance) {

    public RunResult {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(scale, "scale");
        if (!(testErrorPct >= 0 && testErrorPct <= 100)) {
            throw new IllegalArgumentException("testErrorPct must be in [0, 100], got " + testErrorPct
                    + " for " + specId + " seed " + seedIndex);
        }
        provenance = Collections.unmodifiableMap(new TreeMap<>(provenance == null ? Map.of() : provenance));
    }
}
