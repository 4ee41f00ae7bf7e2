package org.rtrain.experiments.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.codec.digest.DigestUtils;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.models.zoo.FormerClassNames;
import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.EpochRecord;

/**
 * The per-epoch checkpoints of one run (one spec, one seed) in its own directory: the network with its
 * updater state ({@code model-<epoch>.zip}, DL4J's format) and a JSON record of where the run stands
 * ({@code state-<epoch>.json}: epochs done, training curve, time, the SHA-256 of the model file and
 * a fingerprint of the spec).
 *
 * <p>Writing is crash-safe: each file is written through an {@link AtomicFile} ({@code <name>.tmp}),
 * both are forced to disk before either is moved into place, the state last, so a state file only
 * exists for a complete model file; the previous checkpoint is deleted only after the new one is in
 * place ({@link FaultInjection} names each step, so tests can crash or fail the write between any two).
 * Reading checks the model file's hash, the spec fingerprint and the format version, then reads the
 * model through {@link TrustedModelFile}. The randomness of an epoch is derived from (seed, epoch), so
 * nothing else needs saving for a resumed run to continue exactly where it stopped.
 */
public final class Checkpoints {

    /** Version of the state file's layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where a run stands after an epoch.
     *
     * @param formatVersion    {@link #FORMAT_VERSION}
     * @param specId           the spec
     * @param specFingerprint  SHA-256 of the spec's JSON with its seed count set to 1
     * @param seed             the run's seed
     * @param epochsDone       epochs completed
     * @param trainingCurve    one record per completed epoch
     * @param trainSeconds     training time so far
     * @param examplesSeen     training examples processed so far
     * @param modelSha256      SHA-256 of the model file
     */
    public record State(int formatVersion, String specId, String specFingerprint, long seed, int epochsDone,
                        List<EpochRecord> trainingCurve, double trainSeconds, long examplesSeen, String modelSha256) {
    }

    /** A checkpoint read back: the network and its state. */
    public record Restored(Model network, State state) {
    }

    private final Path directory;

    /** The checkpoints kept in {@code directory}. */
    public Checkpoints(Path directory) {
        this.directory = directory;
    }

    /** The directory of this run's checkpoints. */
    public Path directory() {
        return directory;
    }

    /** The fingerprint a state file records for {@code spec}: what must not change between a run and its resumption. */
    public static String fingerprint(ExperimentSpec spec) {
        return DigestUtils.sha256Hex(spec.withSeeds(1).toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Saves {@code network} after {@code state.epochsDone()} epochs, then deletes older checkpoints.
     *
     * <p>Its {@link FaultInjection} points, with the epoch E as occurrence, in order:
     * {@code checkpoint-model-written} ({@code model-E.zip.tmp} written, not forced to disk),
     * {@code checkpoint-model-synced} (forced), {@code checkpoint-state-written} ({@code state-E.json.tmp}
     * written, not forced), {@code checkpoint-state-synced} (both temporary files on disk, neither moved),
     * and, crash only, {@code checkpoint-model-moved} ({@code model-E.zip} in place, {@code state-E.json} not
     * yet) and {@code checkpoint-state-moved} (both in place, older checkpoints not yet deleted).
     *
     * @throws CheckpointException when the checkpoint cannot be written; the previous one is untouched
     */
    public void save(Model network, State partialState) {
        int epoch = partialState.epochsDone();
        try (AtomicFile model = AtomicFile.create(directory.resolve("model-" + epoch + ".zip"), ".tmp");
             AtomicFile state = AtomicFile.create(directory.resolve("state-" + epoch + ".json"), ".tmp")) {
            try (OutputStream out = Files.newOutputStream(model.temporary())) {
                ModelSerializer.writeModel(network, out, true);
            }
            FaultInjection.at("checkpoint-model-written", epoch);
            model.sync();
            FaultInjection.at("checkpoint-model-synced", epoch);
            State complete = new State(FORMAT_VERSION, partialState.specId(), partialState.specFingerprint(),
                    partialState.seed(), epoch, partialState.trainingCurve(), partialState.trainSeconds(),
                    partialState.examplesSeen(), sha256(model.temporary()));
            Files.write(state.temporary(), JSON.writeValueAsBytes(complete));
            FaultInjection.at("checkpoint-state-written", epoch);
            state.sync();
            FaultInjection.at("checkpoint-state-synced", epoch);
            model.commit();
            FaultInjection.crashAt("checkpoint-model-moved", epoch);
            state.commit();
            FaultInjection.crashAt("checkpoint-state-moved", epoch);
        } catch (IOException | RuntimeException e) {
            String previous = latestEpoch().map(p -> "the checkpoint after epoch " + p + " in " + directory
                    + " is still valid").orElse("there is no earlier checkpoint");
            throw new CheckpointException("Cannot write the checkpoint after epoch " + epoch + " to " + directory + ": "
                    + e.getMessage() + "; " + previous, e);
        }
        deleteOlderThan(epoch);
    }

    /**
     * The latest complete checkpoint, if any, checked against {@code spec} and {@code seed}.
     *
     * @throws CheckpointException when the latest checkpoint is corrupt, from another spec or seed, or
     *                             from a newer format
     */
    public Optional<Restored> latest(ExperimentSpec spec, long seed, boolean graph) {
        Optional<Integer> epoch = latestEpoch();
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        Path stateFile = directory.resolve("state-" + epoch.get() + ".json");
        Path modelFile = directory.resolve("model-" + epoch.get() + ".zip");
        State state;
        try {
            state = JSON.readValue(stateFile.toFile(), State.class);
        } catch (IOException e) {
            throw new CheckpointException(stateFile + " is not a readable checkpoint state: " + e.getMessage(), e);
        }
        if (state == null) {
            throw new CheckpointException(stateFile + " is not a readable checkpoint state: it holds JSON null; delete "
                    + directory + " to start the run over");
        }
        if (state.formatVersion() > FORMAT_VERSION) {
            throw new CheckpointException(stateFile + " has checkpoint format " + state.formatVersion()
                    + ", newer than this version of rtrain reads (" + FORMAT_VERSION + "); use a newer rtrain or "
                    + "delete " + directory + " to start the run over");
        }
        Optional<String> invalid = invalid(state, epoch.get());
        if (invalid.isPresent()) {
            throw new CheckpointException(stateFile + " is not a valid checkpoint state: " + invalid.get()
                    + "; delete " + directory + " to start the run over");
        }
        if (!state.specFingerprint().equals(fingerprint(spec)) || state.seed() != seed) {
            throw new CheckpointException(directory + " holds a checkpoint of another spec or seed (spec "
                    + state.specId() + ", seed " + state.seed() + ") than the run being resumed (spec " + spec.id()
                    + ", seed " + seed + ", or the spec was changed since); delete the directory to start over");
        }
        if (!Files.isRegularFile(modelFile) || !sha256(modelFile).equals(state.modelSha256())) {
            throw new CheckpointException(modelFile + " does not match the SHA-256 recorded in " + stateFile
                    + " (truncated or replaced); delete " + directory + " to start the run over");
        }
        TrustedModelFile.check(modelFile);
        // A checkpoint written before the model zoo was split into packages names its classes by their former names.
        FormerClassNames.register();
        try {
            Model network = graph ? ModelSerializer.restoreComputationGraph(modelFile.toFile(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), true);
            return Optional.of(new Restored(network, state));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(modelFile + " cannot be read as a "
                    + (graph ? ComputationGraph.class : MultiLayerNetwork.class).getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What is wrong with a state read back from the file of {@code epoch}, if anything: never what save writes. */
    private static Optional<String> invalid(State state, int epoch) {
        if (state.specId() == null || state.specFingerprint() == null || state.modelSha256() == null
                || state.trainingCurve() == null || state.trainingCurve().contains(null)) {
            return Optional.of("specId, specFingerprint, modelSha256 and trainingCurve are required");
        }
        if (state.epochsDone() != epoch) {
            return Optional.of("epochsDone is " + state.epochsDone() + " in the file of epoch " + epoch);
        }
        return Optional.empty();
    }

    /** Deletes every checkpoint of the run. */
    public void clear() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(Checkpoints::deleteQuietly);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the checkpoints in " + directory, e);
        }
    }

    /** The epoch of the newest state file, if any. */
    public Optional<Integer> latestEpoch() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("state-\\d+\\.json"))
                    .map(n -> Integer.parseInt(n.substring(6, n.length() - 5)))
                    .max(Integer::compare);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private void deleteOlderThan(int epoch) {
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.matches("(model|state)-\\d+\\.(zip|json)") && Integer.parseInt(n.replaceAll("\\D", "")) < epoch;
            }).forEach(Checkpoints::deleteQuietly);
        } catch (IOException e) {
            // Old checkpoints only cost space; the new one is in place.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is ignored by readers.
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint that cannot be written or read; the message says which file and what to do. */
    public static final class CheckpointException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CheckpointException(String message, Throwable cause) {
            super(message, cause);
        }

        CheckpointException(String message) {
            super(message);
        }
    }
}
