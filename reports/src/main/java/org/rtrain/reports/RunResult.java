package org.rtrain.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The saved outcome of one training run: one spec, one seed, one scale. Written by the experiments
 * as {@code result.json}; the only thing reports read.
 *
 * @param schemaVersion       version of this record's JSON layout ({@value #SCHEMA_VERSION})
 * @param specId              the experiment spec that produced it
 * @param paperRow            key of the paper row it reproduces: {@code <table>/<dataset>/<model>/<variant>}
 *                            with the model spelled as in the paper's table CSV (Table 1:
 *                            {@code CondenseNet (G=C=<groups>)}), e.g. {@code 4/MNIST/LeNet/r}
 * @param epsSweep            true for a point of the R- eps sweep rather than the row's own run
 * @param table               the paper's table number
 * @param paperDataset        the dataset the paper's row used
 * @param model               the model as the paper's CSV names it
 * @param variant             {@code base}, {@code fgsm} or {@code r}
 * @param scale               {@code smoke}, {@code quick} or {@code paper}
 * @param perturbationEpsilon epsilon of the sign perturbation the run trained with; null when none
 * @param datasetUsed         the dataset this run actually trained and tested on
 * @param datasetChecksum     MD5s of the files read
 * @param datasetVerified     whether those matched the published checksums
 * @param seedIndex           index of the run among the spec's seeds
 * @param seed                the seed derived from the spec's base seed and the run index
 * @param status              completed, or diverged (then {@code failure} says where and
 *                            {@code clean} is null)
 * @param failure             what went wrong, or null
 * @param epochs              epochs trained
 * @param trainExamples       training examples per epoch
 * @param trainSeconds        wall-clock training time
 * @param imagesPerSecond     training throughput
 * @param parameters          trainable parameters of the trained network
 * @param multiplyAdds        multiply-adds of one forward pass of one example
 * @param clean               accuracy on the clean test set, or null when the run diverged
 * @param disturbances        accuracy under each of Table 1's disturbances, by name (may be empty)
 * @param attacks             accuracy under FGSM/PGD at each epsilon (may be empty)
 * @param trainingCurve       one record per finished epoch
 * @param provenance          spec, software, machine and source revision
 */
public record RunResult(int schemaVersion, String specId, String paperRow, boolean epsSweep, int table,
                        String paperDataset, String model, String variant, String scale, Double perturbationEpsilon,
                        String datasetUsed, String datasetChecksum, boolean datasetVerified, int seedIndex, long seed,
                        RunStatus status, String failure, int epochs, long trainExamples, double trainSeconds,
                        double imagesPerSecond, long parameters, long multiplyAdds, Accuracy clean,
                        Map<String, Accuracy> disturbances, List<AttackPoint> attacks,
                        List<EpochRecord> trainingCurve, Map<String, String> provenance) {

    /** The JSON layout this class writes. */
    public static final int SCHEMA_VERSION = 2;

    public RunResult {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(paperRow, "paperRow of " + specId);
        Objects.requireNonNull(variant, "variant of " + specId);
        Objects.requireNonNull(scale, "scale of " + specId);
        Objects.requireNonNull(status, "status of " + specId);
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("result of " + specId + " seed " + seedIndex + " has schema version "
                    + schemaVersion + "; this version of rtrain reads version " + SCHEMA_VERSION);
        }
        if (status == RunStatus.COMPLETED && clean == null) {
            throw new IllegalArgumentException("completed run " + specId + " seed " + seedIndex
                    + " has no clean accuracy");
        }
        disturbances = Collections.unmodifiableMap(new LinkedHashMap<>(disturbances == null ? Map.of() : disturbances));
        attacks = List.copyOf(attacks == null ? List.of() : attacks);
        trainingCurve = List.copyOf(trainingCurve == null ? List.of() : trainingCurve);
        provenance = Collections.unmodifiableMap(new TreeMap<>(provenance == null ? Map.of() : provenance));
    }

    /** Clean top-1 test error in percent; NaN when the run diverged. */
    public double testErrorPct() {
        return clean == null ? Double.NaN : clean.top1ErrorPct();
    }

    /** Clean top-5 test error in percent; NaN when the run diverged or top-5 was not measured. */
    public double top5ErrorPct() {
        return clean == null || clean.top5() == null ? Double.NaN : 100.0 * (1.0 - clean.top5());
    }
}
