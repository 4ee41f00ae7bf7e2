package org.rtrain.reports.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.annotation.JsonSerialize;
import org.nd4j.shade.jackson.databind.util.StdConverter;

/**
 * The saved outcome of one training run: one spec, one seed, one scale. Written by the experiments
 * as {@code result.json}; the only thing reports read.
 *
 * <p>JSON layout, schema {@value #SCHEMA_VERSION}: the components below in this order, with
 * {@code schemaVersion} first and the paper row's {@code table}, {@code paperDataset}, {@code model} and
 * {@code variant} after {@code epsSweep}; the variant and scale as their codes ({@code r},
 * {@code paper}). Schema 2 files read the same: the same fields and spellings, with the provenance an
 * open map of strings (keys schema 3 does not name are dropped).
 *
 * @param specId              the experiment spec that produced it
 * @param paperRow            the paper row it reproduces
 * @param epsSweep            true for a point of the R- eps sweep rather than the row's own run
 * @param scale               the scale
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
@JsonPropertyOrder({"schemaVersion", "specId", "paperRow", "epsSweep", "table", "paperDataset", "model", "variant",
        "scale"})
public record RunResult(String specId, PaperRowKey paperRow, boolean epsSweep,
                        @JsonSerialize(converter = ScaleCode.class) Scale scale, Double perturbationEpsilon,
                        String datasetUsed, String datasetChecksum, boolean datasetVerified, int seedIndex, long seed,
                        RunStatus status, String failure, int epochs, long trainExamples, double trainSeconds,
                        double imagesPerSecond, long parameters, long multiplyAdds, Accuracy clean,
                        Map<String, Accuracy> disturbances, List<AttackPoint> attacks,
                        List<EpochRecord> trainingCurve, RunProvenance provenance) {

    /** The JSON layout this class writes. */
    public static final int SCHEMA_VERSION = 3;
    /** The oldest layout this class reads. */
    public static final int OLDEST_SCHEMA_VERSION = 2;

    public RunResult {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(paperRow, "paperRow of " + specId);
        Objects.requireNonNull(scale, "scale of " + specId);
        Objects.requireNonNull(status, "status of " + specId);
        if (status == RunStatus.COMPLETED && clean == null) {
            throw new IllegalArgumentException("completed run " + specId + " seed " + seedIndex
                    + " has no clean accuracy");
        }
        disturbances = Collections.unmodifiableMap(new LinkedHashMap<>(disturbances == null ? Map.of() : disturbances));
        attacks = List.copyOf(attacks == null ? List.of() : attacks);
        trainingCurve = List.copyOf(trainingCurve == null ? List.of() : trainingCurve);
        provenance = provenance == null ? RunProvenance.none() : provenance;
    }

    /**
     * Reads a result's JSON of schema {@value #OLDEST_SCHEMA_VERSION} or {@value #SCHEMA_VERSION} (their
     * fields are the same): the paper row's parts written beside its key must agree with it.
     */
    @JsonCreator
    static RunResult fromJson(@JsonProperty("schemaVersion") int schemaVersion,
                              @JsonProperty("specId") String specId,
                              @JsonProperty("paperRow") PaperRowKey paperRow,
                              @JsonProperty("epsSweep") boolean epsSweep,
                              @JsonProperty("table") int table,
                              @JsonProperty("paperDataset") String paperDataset,
                              @JsonProperty("model") String model,
                              @JsonProperty("variant") String variant,
                              @JsonProperty("scale") String scale,
                              @JsonProperty("perturbationEpsilon") Double perturbationEpsilon,
                              @JsonProperty("datasetUsed") String datasetUsed,
                              @JsonProperty("datasetChecksum") String datasetChecksum,
                              @JsonProperty("datasetVerified") boolean datasetVerified,
                              @JsonProperty("seedIndex") int seedIndex,
                              @JsonProperty("seed") long seed,
                              @JsonProperty("status") RunStatus status,
                              @JsonProperty("failure") String failure,
                              @JsonProperty("epochs") int epochs,
                              @JsonProperty("trainExamples") long trainExamples,
                              @JsonProperty("trainSeconds") double trainSeconds,
                              @JsonProperty("imagesPerSecond") double imagesPerSecond,
                              @JsonProperty("parameters") long parameters,
                              @JsonProperty("multiplyAdds") long multiplyAdds,
                              @JsonProperty("clean") Accuracy clean,
                              @JsonProperty("disturbances") Map<String, Accuracy> disturbances,
                              @JsonProperty("attacks") List<AttackPoint> attacks,
                              @JsonProperty("trainingCurve") List<EpochRecord> trainingCurve,
                              @JsonProperty("provenance") Map<String, String> provenance) {
        if (schemaVersion < OLDEST_SCHEMA_VERSION || schemaVersion > SCHEMA_VERSION) {
            throw new IllegalArgumentException("result of " + specId + " seed " + seedIndex + " has schema version "
                    + schemaVersion + "; this version of rtrain reads versions " + OLDEST_SCHEMA_VERSION + " to "
                    + SCHEMA_VERSION);
        }
        Objects.requireNonNull(paperRow, "paperRow of " + specId);
        if (table != paperRow.table() || !paperRow.dataset().equals(paperDataset) || !paperRow.model().equals(model)
                || variant == null || Variant.parse(variant) != paperRow.variant()) {
            throw new IllegalArgumentException("result of " + specId + " seed " + seedIndex + ": table " + table
                    + ", paperDataset '" + paperDataset + "', model '" + model + "' and variant '" + variant
                    + "' do not match its paper row '" + paperRow + "'");
        }
        return new RunResult(specId, paperRow, epsSweep, scale == null ? null : Scale.parse(scale),
                perturbationEpsilon, datasetUsed, datasetChecksum, datasetVerified, seedIndex, seed, status, failure,
                epochs, trainExamples, trainSeconds, imagesPerSecond, parameters, multiplyAdds, clean, disturbances,
                attacks, trainingCurve, RunProvenance.fromJson(provenance, schemaVersion));
    }

    /** The JSON layout of this result when written: {@value #SCHEMA_VERSION}. */
    @JsonProperty("schemaVersion")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** The paper's table number of {@link #paperRow()}. */
    @JsonProperty("table")
    public int table() {
        return paperRow.table();
    }

    /** The dataset the paper's row used. */
    @JsonProperty("paperDataset")
    public String paperDataset() {
        return paperRow.dataset();
    }

    /** The model as the paper's CSV names it. */
    @JsonProperty("model")
    public String model() {
        return paperRow.model();
    }

    /** The variant of {@link #paperRow()}. */
    @JsonProperty("variant")
    @JsonSerialize(converter = VariantCode.class)
    public Variant variant() {
        return paperRow.variant();
    }

    /** Clean top-1 test error in percent; NaN when the run diverged. */
    public double testErrorPct() {
        return clean == null ? Double.NaN : clean.top1ErrorPct();
    }

    /** Clean top-5 test error in percent; NaN when the run diverged or top-5 was not measured. */
    public double top5ErrorPct() {
        return clean == null || clean.top5() == null ? Double.NaN : 100.0 * (1.0 - clean.top5());
    }

    /** Writes a scale as its code. */
    static final class ScaleCode extends StdConverter<Scale, String> {

        @Override
        public String convert(Scale value) {
            return value.code();
        }
    }

    /** Writes a variant as its code. */
    static final class VariantCode extends StdConverter<Variant, String> {

        @Override
        public String convert(Variant value) {
            return value.code();
        }
    }
}
