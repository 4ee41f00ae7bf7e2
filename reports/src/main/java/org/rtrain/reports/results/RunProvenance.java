package org.rtrain.reports.results;

import java.util.Map;

import org.nd4j.shade.jackson.annotation.JsonFormat;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What a run result needs beside it to be reproduced and trusted: the spec and seed it ran, the data it
 * read, the source revision and library versions it was built from, and the machine it ran on. In JSON
 * an object of strings under dotted keys ({@code git.commit}, {@code cpu.cores}, ...), in alphabetical
 * order, as schema 2 wrote it; a field a result does not record is null and left out.
 *
 * @param cpuCores           processors available to the JVM
 * @param cpuModel           the CPU's model name (the architecture where the OS does not say)
 * @param datasetLocation    the directory the dataset was read from
 * @param dl4jVersion        Deeplearning4j's version
 * @param ompNumThreads      {@code OMP_NUM_THREADS}, or {@code unset} (the native kernels' thread count changes
 *                           the order of floating-point sums, so bit-for-bit reproduction needs the same one)
 * @param openblasNumThreads {@code OPENBLAS_NUM_THREADS}, or {@code unset}
 * @param gitCommit          the git commit the code was built from, or {@code unknown}
 * @param gitDirty           {@code true} when tracked files differed from that commit at build time,
 *                           {@code false}, or {@code unknown}
 * @param javaVendor         the Java runtime's vendor
 * @param javaVersion        the Java runtime's version
 * @param nativeFastPath     whether every layer ran on the native (oneDNN/cuDNN) kernels
 * @param nd4jBackend        ND4J's backend, e.g. {@code CPU}
 * @param nd4jBlas           the BLAS ND4J used, e.g. {@code OPENBLAS}
 * @param os                 operating system name, version and architecture
 * @param rtrainVersion      this project's version
 * @param seed               the run's seed
 * @param spec               the spec that ran, as its JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = true)
public record RunProvenance(@JsonProperty("cpu.cores") @JsonFormat(shape = JsonFormat.Shape.STRING) Integer cpuCores,
                            @JsonProperty("cpu.model") String cpuModel,
                            @JsonProperty("dataset.location") String datasetLocation,
                            @JsonProperty("dl4j.version") String dl4jVersion,
                            @JsonProperty("env.OMP_NUM_THREADS") String ompNumThreads,
                            @JsonProperty("env.OPENBLAS_NUM_THREADS") String openblasNumThreads,
                            @JsonProperty("git.commit") String gitCommit,
                            @JsonProperty("git.dirty") String gitDirty,
                            @JsonProperty("java.vendor") String javaVendor,
                            @JsonProperty("java.version") String javaVersion,
                            @JsonProperty("native.fastPath") @JsonFormat(shape = JsonFormat.Shape.STRING)
                            Boolean nativeFastPath,
                            @JsonProperty("nd4j.backend") String nd4jBackend,
                            @JsonProperty("nd4j.blas") String nd4jBlas,
                            @JsonProperty("os") String os,
                            @JsonProperty("rtrain.version") String rtrainVersion,
                            @JsonProperty("seed") @JsonFormat(shape = JsonFormat.Shape.STRING) Long seed,
                            @JsonProperty("spec") String spec) {

    private static final ObjectMapper STRICT = new ObjectMapper();
    /** Schema 2 kept provenance as an open map: keys schema 3 does not name (early files' extras) are dropped. */
    private static final ObjectMapper SCHEMA_2 = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** No field recorded (a result built by hand, or a schema-2 file without provenance). */
    public static RunProvenance none() {
        return new RunProvenance(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** This provenance (the environment of a process) completed with what belongs to one run. */
    public RunProvenance forRun(String runSpec, long runSeed, String runDatasetLocation, boolean runNativeFastPath) {
        return new RunProvenance(cpuCores, cpuModel, runDatasetLocation, dl4jVersion, ompNumThreads,
                openblasNumThreads, gitCommit, gitDirty, javaVendor, javaVersion, runNativeFastPath, nd4jBackend,
                nd4jBlas, os, rtrainVersion, runSeed, runSpec);
    }

    /**
     * Reads the provenance object of a result of {@code schemaVersion} (its JSON: strings by dotted key).
     *
     * @throws IllegalArgumentException for a key schema 3 does not name, or a value of the wrong type
     */
    static RunProvenance fromJson(Map<String, String> fields, int schemaVersion) {
        if (fields == null) {
            return none();
        }
        return (schemaVersion < RunResult.SCHEMA_VERSION ? SCHEMA_2 : STRICT).convertValue(fields,
                RunProvenance.class);
    }
}
