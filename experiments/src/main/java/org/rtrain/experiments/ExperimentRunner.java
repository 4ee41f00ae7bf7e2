package org.rtrain.experiments;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.attacks.InputGradient;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MiniBatches;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.models.LeNet;
import org.rtrain.models.LeNetOptions;
import org.rtrain.perturb.backend.NativeFastPath;
import org.rtrain.reports.Accuracy;
import org.rtrain.reports.ResultStore;
import org.rtrain.reports.RunResult;
import org.rtrain.reports.RunStatus;

/**
 * Trains and evaluates one run of a spec (one seed) and saves its result with provenance. A run
 * whose result is already saved is not run again.
 */
public final class ExperimentRunner {

    private final DataRoot dataRoot;
    private final ResultStore store;
    private final PrintStream progress;
    private final Map<String, String> environment = Provenance.environment();
    private final Map<String, ImageSplit> loaded = new HashMap<>();

    /**
     * @param dataRoot where datasets are looked for
     * @param store    where results are saved
     * @param progress where progress bars and summaries go
     */
    public ExperimentRunner(DataRoot dataRoot, ResultStore store, PrintStream progress) {
        this.dataRoot = dataRoot;
        this.store = store;
        this.progress = progress;
    }

    /** Runs every seed of {@code spec} that has no saved result yet. */
    public void runAll(ExperimentSpec spec) {
        for (int i = 0; i < spec.seeds(); i++) {
            run(spec, i);
        }
    }

    /** Runs seed {@code seedIndex} of {@code spec}, or returns its saved result. */
    public RunResult run(ExperimentSpec spec, int seedIndex) {
        if (seedIndex < 0 || seedIndex >= spec.seeds()) {
            throw new IllegalArgumentException(spec.id() + " has seeds 0.." + (spec.seeds() - 1) + ", not " + seedIndex);
        }
        String label = String.format(Locale.ROOT, "%s seed %d/%d", spec.id(), seedIndex + 1, spec.seeds());
        Optional<RunResult> saved = store.find(spec.scale().code(), spec.id(), seedIndex);
        if (saved.isPresent()) {
            progress.printf(Locale.ROOT, "%s: already done, test error %.2f%%%n", label, saved.get().testErrorPct());
            return saved.get();
        }
        DataSelection data = DataSelection.forSpec(spec, dataRoot);
        ImageSplit train = split(data, MnistDataset.Split.TRAIN);
        ImageSplit test = split(data, MnistDataset.Split.TEST);
        long seed = SeedSequence.seedFor(spec.baseSeed(), seedIndex);

        LeNetOptions options = new LeNetOptions(1, MnistDataset.SIDE, MnistDataset.SIDE, train.numClasses(), 0.5,
                spec.training().optimizer(), spec.perturbation(), seed, CNN2DFormat.NHWC);
        MultiLayerNetwork network = LeNet.network(options);
        NativeFastPath.requireOnFastPath(network);

        boolean channelsLast = options.dataFormat() == CNN2DFormat.NHWC;
        MiniBatches trainBatches = new MiniBatches(train, spec.training().trainLimit(), channelsLast);
        int epochs = spec.training().epochs();
        long started = System.nanoTime();
        ProgressBar bar = new ProgressBar(progress, label, (long) epochs * trainBatches.size());
        InputGradient inputGradient = spec.variant() == Variant.FGSM ? new InputGradient(network) : null;
        AdversarialTraining fgsm = spec.variant() == Variant.FGSM ? spec.fgsmTraining() : null;
        long done = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Iterator<DataSet> batches = trainBatches.shuffled(spec.training().batchSize(),
                    SeedSequence.streamSeed(seed, epoch));
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                if (fgsm != null) {
                    fgsm.fit(inputGradient, batch);
                } else {
                    network.fit(batch);
                }
                done += batch.numExamples();
                bar.update(done);
            }
            network.incrementEpochCount();
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        bar.finish();

        MiniBatches testBatches = new MiniBatches(test, spec.training().testLimit(), channelsLast);
        double errorPct = 100.0 * errors(network, testBatches) / testBatches.size();
        Map<String, String> provenance = new LinkedHashMap<>(environment);
        provenance.put("spec", spec.toJson());
        provenance.put("seed", Long.toString(seed));
        provenance.put("dataset.directory", data.directory().toString());
        provenance.put("native.fastPath", String.valueOf(NativeFastPath.layersOffFastPath(network).isEmpty()));
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, spec.id(),
                spec.table() + "/" + spec.paperDataset() + "/" + spec.model() + "/" + spec.variant().code(), false,
                spec.table(), spec.paperDataset(), spec.model(), spec.variant().code(), spec.scale().code(),
                spec.variant() == Variant.R ? spec.perturbationEpsilon() : null, data.name(),
                train.checksum() + ";" + test.checksum(), train.verified() && test.verified(), seedIndex, seed,
                RunStatus.COMPLETED, null, epochs, trainBatches.size(), trainSeconds, done / trainSeconds,
                network.numParams(), 0, new Accuracy(testBatches.size(), 1 - errorPct / 100, null), Map.of(),
                List.of(), List.of(), provenance);
        store.write(result);
        progress.printf(Locale.ROOT, "%s: test error %.2f%% on %s (%d epochs, %.0f s, %,.0f img/s)%n", label,
                errorPct, data.name(), epochs, trainSeconds, done / trainSeconds);
        return result;
    }

    private ImageSplit split(DataSelection data, MnistDataset.Split split) {
        String key = data.directory() + "|" + split + "|" + data.verification();
        return loaded.computeIfAbsent(key, k -> data.dataset().read(data.directory(), split, data.verification()));
    }

    private static long errors(MultiLayerNetwork network, MiniBatches batches) {
        long wrong = 0;
        Iterator<DataSet> it = batches.inOrder(256);
        while (it.hasNext()) {
            DataSet batch = it.next();
            INDArray predicted = network.output(batch.getFeatures(), false).argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            wrong += predicted.neq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return wrong;
    }
}
