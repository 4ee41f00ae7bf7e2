package org.rtrain.experiments.run;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.attacks.training.AdversarialTrainer;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.EpochBatches;
import org.rtrain.experiments.checkpoint.Checkpoints;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SeedSequence;
import org.rtrain.experiments.spec.TrainingPlan;
import org.rtrain.experiments.store.RunProgress;
import org.rtrain.models.count.MultiplyAddCounter;
import org.rtrain.models.count.ParameterCount;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.perturb.backend.NativeFastPath;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunProvenance;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;

/**
 * Trains and evaluates one run of a spec (one seed) and saves its result with provenance.
 *
 * <p>A run whose result is saved is not run again. A run checkpoints after every epoch and, started
 * again after a crash or a kill, resumes from its last checkpoint; since each epoch's randomness
 * (shuffle, augmentation, dropout, perturbation) is derived from (seed, epoch), the resumed run ends
 * with the result an uninterrupted one gives. A NaN or infinite loss stops the run, which is saved as
 * diverged with the epoch and step, keeping its last good checkpoint.
 *
 * <p>On a machine with several GPUs, base and R- runs train data-parallel through DL4J's
 * ParallelWrapper, one worker per GPU; seeds run one after another. Data-parallel training is not
 * bit-for-bit reproducible (the order in which workers' updates are averaged varies); one worker is.
 */
public final class ExperimentRunner {

    private final DataRoot dataRoot;
    private final ResultStore store;
    private final ResultStore evidence;
    private final Path checkpointRoot;
    private final PrintStream log;
    private final int trainingWorkers;
    private final RunProvenance environment = Provenance.environment();
    private final Map<String, RunData> loaded = new HashMap<>();

    /**
     * A runner that trains on every device of the machine ({@link #deviceCount()} workers).
     *
     * @param dataRoot       where datasets are looked for
     * @param store          where results are saved
     * @param checkpointRoot where runs keep their per-epoch checkpoints
     * @param log            where progress bars and summaries go
     */
    public ExperimentRunner(DataRoot dataRoot, ResultStore store, Path checkpointRoot, PrintStream log) {
        this(dataRoot, store, checkpointRoot, log, deviceCount());
    }

    /**
     * A runner with {@code trainingWorkers} data-parallel workers: with more than one, base and R- runs
     * train through DL4J's ParallelWrapper (one model replica per worker, parameters averaged after
     * every step); adversarial training, which needs its own step, always runs on one worker.
     */
    public ExperimentRunner(DataRoot dataRoot, ResultStore store, Path checkpointRoot, PrintStream log,
                            int trainingWorkers) {
        this(dataRoot, store, null, checkpointRoot, log, trainingWorkers);
    }

    /**
     * A runner that also keeps the reproduction's evidence: a run whose result is in {@code evidence} (the
     * repository's {@code results/}) is never trained again, and every completed paper-scale run is written
     * there as well as to {@code store}.
     *
     * @param evidence the committed results, or null for none
     */
    public ExperimentRunner(DataRoot dataRoot, ResultStore store, ResultStore evidence, Path checkpointRoot,
                            PrintStream log, int trainingWorkers) {
        if (trainingWorkers < 1) {
            throw new IllegalArgumentException("trainingWorkers must be >= 1, got " + trainingWorkers);
        }
        this.dataRoot = dataRoot;
        this.store = store;
        this.evidence = evidence;
        this.checkpointRoot = checkpointRoot;
        this.log = log;
        this.trainingWorkers = trainingWorkers;
    }

    /** Number of ND4J devices: GPUs on the CUDA backend, 1 on CPU. */
    public static int deviceCount() {
        return Nd4j.getAffinityManager().getNumberOfDevices();
    }

    /** Runs every seed of {@code spec} that has no saved result yet. */
    public List<RunResult> runAll(ExperimentSpec spec) {
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < spec.seeds(); i++) {
            results.add(run(spec, i));
        }
        return results;
    }

    /** The checkpoint directory of one run. */
    public Path checkpointDirectory(ExperimentSpec spec, int seedIndex) {
        return checkpointRoot.resolve(spec.scale().code()).resolve(spec.id()).resolve("seed-" + seedIndex);
    }

    /** Runs seed {@code seedIndex} of {@code spec}, resuming from its checkpoint, or returns its saved result. */
    public RunResult run(ExperimentSpec spec, int seedIndex) {
        return run(spec, seedIndex, (epoch, step) -> { });
    }

    /**
     * Runs seed {@code seedIndex} of {@code spec} as {@link #run(ExperimentSpec, int)} does, telling
     * {@code progress} the epoch and step after every training step (a run store's worker reports it,
     * and stops the run by throwing when its lease was taken over).
     */
    public RunResult run(ExperimentSpec spec, int seedIndex, RunProgress progress) {
        requireTrainedSeed(spec, seedIndex);
        String label = String.format(Locale.ROOT, "%s seed %d/%d", spec.id(), seedIndex + 1, spec.seeds());
        Optional<RunResult> saved = savedResult(spec, seedIndex, label);
        if (saved.isPresent()) {
            return saved.get();
        }
        RunData data = loaded.computeIfAbsent(dataKey(spec), key -> RunDataFactory.forSpec(spec, dataRoot));
        long seed = SeedSequence.seedFor(spec.baseSeed(), seedIndex);
        Checkpoints checkpoints = new Checkpoints(checkpointDirectory(spec, seedIndex));
        ModelSettings settings = new ModelSettings(data.inputShape(), data.normalization(),
                spec.perturbationSettings(), spec.training().optimizer(), seed);
        Training training = startOrResume(spec, seed, settings, checkpoints, label);
        requireOnFastPath(training.network);
        trainEpochs(spec, data, seed, training, checkpoints, label, progress);
        RunResult result = training.failure == null ? evaluated(spec, seedIndex, seed, data, settings, training)
                : diverged(spec, seedIndex, seed, data, training, checkpoints);
        save(spec, result, checkpoints);
        if (training.failure == null) {
            checkpoints.clear();
        }
        log.printf(Locale.ROOT, "%s: %s%n", label, summary(result));
        return result;
    }

    /** Where a run's training stands: its network, the epochs it has trained and how it went. */
    private static final class Training {
        private final NetworkAdapter network;
        private final List<EpochRecord> curve = new ArrayList<>();
        private int epochsDone;
        private double trainSeconds;
        private long examplesSeen;
        /** Why training stopped early (a NaN or infinite loss), or null while it goes well. */
        private String failure;

        private Training(NetworkAdapter network) {
            this.network = network;
        }
    }

    /** The loss summed over an epoch's steps. */
    private record EpochLoss(double sum, int steps) {
        double mean() {
            return sum / steps;
        }
    }

    private static void requireTrainedSeed(ExperimentSpec spec, int seedIndex) {
        if (spec.cited()) {
            throw new IllegalArgumentException(spec.id() + " is a row the paper cites from another paper; it is "
                    + "reported with the paper's numbers and never trained");
        }
        if (seedIndex < 0 || seedIndex >= spec.seeds()) {
            throw new IllegalArgumentException(spec.id() + " has seeds 0.." + (spec.seeds() - 1) + ", not " + seedIndex);
        }
    }

    /** The run's result when it is already committed or saved, which is then not trained again. */
    private Optional<RunResult> savedResult(ExperimentSpec spec, int seedIndex, String label) {
        Optional<RunResult> committed = evidence == null ? Optional.empty()
                : evidence.find(spec.scale(), spec.id(), seedIndex);
        if (committed.isPresent()) {
            log.printf(Locale.ROOT, "%s: already in %s, %s%n", label, evidence.root(), summary(committed.get()));
            return committed;
        }
        Optional<RunResult> saved = store.find(spec.scale(), spec.id(), seedIndex);
        if (saved.isPresent()) {
            if (saved.get().status() == RunStatus.COMPLETED) {
                // A process killed between saving the result and clearing the checkpoints left them behind.
                new Checkpoints(checkpointDirectory(spec, seedIndex)).clear();
            }
            log.printf(Locale.ROOT, "%s: already done, %s%n", label, summary(saved.get()));
        }
        return saved;
    }

    /** A new network, or the one of the run's latest checkpoint with where its training stood. */
    private Training startOrResume(ExperimentSpec spec, long seed, ModelSettings settings, Checkpoints checkpoints,
                                   String label) {
        NetworkAdapter network = NetworkAdapter.of(spec.architecture().network(settings));
        Optional<Checkpoints.Restored> restored = checkpoints.latest(spec, seed, network.match(chain -> false,
                graph -> true));
        if (restored.isEmpty()) {
            return new Training(network);
        }
        Training training = new Training(NetworkAdapter.of(restored.get().network()));
        Checkpoints.State state = restored.get().state();
        training.epochsDone = state.epochsDone();
        training.curve.addAll(state.trainingCurve());
        training.trainSeconds = state.trainSeconds();
        training.examplesSeen = state.examplesSeen();
        log.printf(Locale.ROOT, "%s: resuming after epoch %d from %s%n", label, training.epochsDone,
                checkpoints.directory());
        return training;
    }

    /**
     * Trains the epochs left, checkpointing after each; stops at the first NaN or infinite loss, which
     * {@code training}'s failure then says.
     */
    private void trainEpochs(ExperimentSpec spec, RunData data, long seed, Training training, Checkpoints checkpoints,
                             String label, RunProgress progress) {
        TrainingPlan plan = spec.training();
        int batchesPerEpoch = (data.trainSize() + plan.batchSize() - 1) / plan.batchSize();
        NetworkAdapter network = training.network;
        network.setListeners(spec.architecture().trainingListeners(plan.totalSteps(batchesPerEpoch)));
        AdversarialTraining adversarial = spec.adversarial();
        AdversarialTrainer adversarialTrainer = adversarial == null ? null : adversarial.trainerFor(network.model());
        long examplesLeft = 0;
        for (int epoch = training.epochsDone; epoch < plan.epochs(); epoch++) {
            examplesLeft += Math.min((long) plan.stepsInEpoch(epoch, batchesPerEpoch) * plan.batchSize(),
                    data.trainSize());
        }
        ProgressBar bar = new ProgressBar(log, label, examplesLeft);
        long examplesBefore = training.examplesSeen;
        // ParallelWrapper fits whole epochs: a plan that stops part-way through one trains on one worker.
        ParallelWrapper parallel = adversarial == null && trainingWorkers > 1 && plan.maxSteps() == null
                ? new ParallelWrapper.Builder<>(network.model()).workers(trainingWorkers).prefetchBuffer(2)
                        .averagingFrequency(1).build() : null;
        for (int epoch = training.epochsDone; epoch < plan.epochs() && training.failure == null; epoch++) {
            int stepsInEpoch = plan.stepsInEpoch(epoch, batchesPerEpoch);
            if (stepsInEpoch == 0) {
                break;
            }
            long started = System.nanoTime();
            // Dropout, the sign perturbation and stochastic depth draw from ND4J's generator: seeding it per
            // epoch makes each epoch's randomness a function of (seed, epoch), whatever happened before.
            Nd4j.getRandom().setSeed(SeedSequence.streamSeed(seed, 1_000 + epoch));
            EpochBatches batches = data.train().epoch(seed, epoch);
            Runnable showProgress = () -> bar.update(training.examplesSeen - examplesBefore);
            EpochLoss loss = parallel != null
                    ? fitEpochInParallel(parallel, batches, epoch, data, training, progress, showProgress)
                    : fitEpochStepByStep(batches, stepsInEpoch, epoch, adversarialTrainer, training, progress,
                            showProgress);
            batches.close();
            if (training.failure != null) {
                break;
            }
            network.incrementEpochCount();
            double seconds = (System.nanoTime() - started) / 1e9;
            training.trainSeconds += seconds;
            training.curve.add(new EpochRecord(epoch + 1, loss.mean(), null, seconds));
            checkpoints.save(network.model(), new Checkpoints.State(Checkpoints.FORMAT_VERSION, spec.id(),
                    Checkpoints.fingerprint(spec), seed, epoch + 1, training.curve, training.trainSeconds,
                    training.examplesSeen, null));
        }
        if (parallel != null) {
            parallel.shutdown();
        }
        bar.finish();
    }

    /** One epoch data-parallel; its loss is the model's score at the end, checked once for the epoch. */
    private static EpochLoss fitEpochInParallel(ParallelWrapper parallel, EpochBatches batches, int epoch,
                                                RunData data, Training training, RunProgress progress,
                                                Runnable showProgress) {
        parallel.fit(batches);
        double loss = training.network.model().score();
        training.examplesSeen += data.trainSize();
        showProgress.run();
        progress.update(epoch + 1, data.train().batchesPerEpoch());
        if (!Double.isFinite(loss)) {
            training.failure = String.format(Locale.ROOT, "loss became %s during epoch %d (ParallelWrapper: "
                    + "checked once per epoch)", loss, epoch + 1);
        }
        return new EpochLoss(loss, 1);
    }

    /** One epoch a batch at a time, adversarially when {@code adversarialTrainer} is given; stops at a bad loss. */
    private static EpochLoss fitEpochStepByStep(EpochBatches batches, int stepsInEpoch, int epoch,
                                                AdversarialTrainer adversarialTrainer, Training training,
                                                RunProgress progress, Runnable showProgress) {
        double lossSum = 0;
        int steps = 0;
        while (steps < stepsInEpoch && batches.hasNext()) {
            DataSet batch = batches.next();
            double loss = adversarialTrainer != null ? adversarialTrainer.fit(batch)
                    : fitAndScore(training.network, batch);
            steps++;
            if (!Double.isFinite(loss)) {
                training.failure = String.format(Locale.ROOT, "loss became %s at epoch %d, step %d", loss, epoch + 1,
                        steps);
                break;
            }
            lossSum += loss;
            progress.update(epoch + 1, steps);
            training.examplesSeen += batch.numExamples();
            showProgress.run();
        }
        return new EpochLoss(lossSum, steps);
    }

    /** The result of a run trained to the end: its deployed network evaluated on the test set and attacks. */
    private RunResult evaluated(ExperimentSpec spec, int seedIndex, long seed, RunData data, ModelSettings settings,
                                Training training) {
        NetworkAdapter deployed = NetworkAdapter.of(spec.architecture().inferenceNetwork(training.network.model(),
                settings));
        RunEvaluation evaluation = RunEvaluation.of(deployed, data, spec.evaluation(),
                SeedSequence.streamSeed(seed, 3), spec.architecture().inputFormat());
        return result(spec, seedIndex, seed, data, deployed, RunStatus.COMPLETED, null, training, evaluation);
    }

    /** The result of a run whose loss diverged, saying where its last good checkpoint is. */
    private RunResult diverged(ExperimentSpec spec, int seedIndex, long seed, RunData data, Training training,
                               Checkpoints checkpoints) {
        String kept = checkpoints.latestEpoch().map(e -> "; last good checkpoint after epoch " + e + " in "
                + checkpoints.directory()).orElse("; no checkpoint was written before it");
        return result(spec, seedIndex, seed, data, training.network, RunStatus.DIVERGED, training.failure + kept,
                training, null);
    }

    /** Saves {@code result}, and a completed paper-scale one in the evidence too. */
    private void save(ExperimentSpec spec, RunResult result, Checkpoints checkpoints) {
        try {
            store.write(result);
            if (evidence != null && spec.scale() == Scale.PAPER && result.status() == RunStatus.COMPLETED) {
                evidence.write(result);
            }
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + checkpoints.latestEpoch().map(epoch -> "; the checkpoint "
                    + "after epoch " + epoch + " in " + checkpoints.directory() + " is still valid: free space and run "
                    + "it again (rtrain enqueue --retry-failed with the same selection), it resumes from there")
                    .orElse("; no checkpoint was kept"), e.getCause());
        }
    }

    private static double fitAndScore(NetworkAdapter network, DataSet batch) {
        network.fit(batch);
        return network.model().score();
    }

    private static List<String> layersOffFastPath(NetworkAdapter network) {
        return network.match(NativeFastPath::layersOffFastPath, NativeFastPath::layersOffFastPath);
    }

    private static void requireOnFastPath(NetworkAdapter network) {
        List<String> off = layersOffFastPath(network);
        if (!off.isEmpty()) {
            throw new IllegalStateException("Layers not on the native (oneDNN/cuDNN) path: " + off);
        }
    }

    private RunResult result(ExperimentSpec spec, int seedIndex, long seed, RunData data, NetworkAdapter network,
                             RunStatus status, String failure, Training training, RunEvaluation evaluation) {
        RunProvenance provenance = environment.forRun(spec.toJson(), seed, data.selection().directory().toString(),
                layersOffFastPath(network).isEmpty());
        InputType image = InputType.convolutional(data.inputShape().height(), data.inputShape().width(),
                data.inputShape().channels(), spec.architecture().inputFormat());
        return new RunResult(spec.id(), spec.paperRow(), spec.epsSweep(), spec.scale(),
                spec.perturbation() == null ? null : spec.perturbation().epsilon(), data.selection().name(),
                data.checksum(), data.verified(), seedIndex, seed, status, failure, training.curve.size(),
                data.trainSize(), training.trainSeconds,
                training.trainSeconds > 0 ? training.examplesSeen / training.trainSeconds : 0,
                ParameterCount.trainable(network.model()),
                MultiplyAddCounter.count(network.model(), image).total(),
                evaluation == null ? null : evaluation.clean(), evaluation == null ? Map.of() : evaluation.disturbances(),
                evaluation == null ? List.of() : evaluation.attacks(), training.curve, provenance);
    }

    private static String summary(RunResult result) {
        if (result.status() == RunStatus.DIVERGED) {
            return "DIVERGED: " + result.failure();
        }
        return String.format(Locale.ROOT, "test error %.2f%% on %s (%d epochs, %.0f s, %,.0f img/s)",
                result.testErrorPct(), result.datasetUsed(), result.epochs(), result.trainSeconds(),
                result.imagesPerSecond());
    }

    private static String dataKey(ExperimentSpec spec) {
        return spec.scale() + "|" + spec.data();
    }
}
