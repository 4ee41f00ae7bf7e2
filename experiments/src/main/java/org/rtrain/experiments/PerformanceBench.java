package org.rtrain.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.attacks.InputGradient;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MiniBatches;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.models.InputShape;
import org.rtrain.models.LeNet;
import org.rtrain.models.LeNetOptions;
import org.rtrain.models.ModelSettings;
import org.rtrain.models.PerturbationSettings;
import org.rtrain.models.PixelNormalization;
import org.rtrain.models.WideResNet;
import org.rtrain.models.WideResNetArchitecture;
import org.rtrain.perturb.SignPerturbation;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * {@code rtrain bench}: the performance targets as ratios measured side by side in one run, with
 * the machine they ran on. LeNet (Fashion-MNIST-shaped, batch {@value #LENET_BATCH}) trains as this
 * project's base set-up (NHWC, oneDNN), as R- (sign perturbation on the input and every hidden layer,
 * the R- specs' epsilon and p), with FGSM adversarial training (the FGSM- specs' strategy), with DL4J's
 * stock set-up (NCHW, layer helpers off) and as PyTorch's eager CPU training of the same network; a
 * WRN-16-4 at 32x32 (batch {@value #WRN_BATCH}) trains as base, R- and FGSM. Each group's set-ups run
 * in alternating blocks ({@link SideBySide}); each ratio is the median over blocks. The sign operator
 * alone (target 3) runs on one thread against ND4J's copy of the same FLOAT array (1M, 16M and 64M
 * elements), alternating likewise; perturb-core's JMH benchmark ({@value #OPERATOR_BENCH_COMMAND})
 * measures the same with JMH's rigour and more baselines.
 *
 * <p>Data: the first images of Fashion-MNIST's training split when it is under the data root,
 * otherwise uniformly random pixels and labels of the same shape (step time does not depend on the
 * pixel values); the WRN always trains on random CIFAR-shaped images. Each set-up cycles through the
 * same {@value #POOL_BATCHES} batches, so loading and augmentation are not timed.
 */
public final class PerformanceBench {

    /** LeNet's batch size, the paper's MNIST batch. */
    public static final int LENET_BATCH = 64;
    /** WRN-16-4's batch size: small, so that a block is quick on 2 cores. */
    public static final int WRN_BATCH = 32;
    /** Batches each set-up cycles through. */
    public static final int POOL_BATCHES = 16;
    /** The command of the operator benchmark (target 3). */
    public static final String OPERATOR_BENCH_COMMAND = "mvn -o -q -pl perturb-core -Pjmh test-compile exec:exec";
    /** LeNet steps per WRN step in a block (a WRN-16-4 step costs about that many LeNet steps on a CPU). */
    /** Array sizes of the operator row: 1M, 16M and 64M elements. */
    public static final List<Integer> OPERATOR_ELEMENTS = List.of(1 << 20, 1 << 24, 1 << 26);
    private static final int WRN_STEP_COST = 20;
    private static final int LENET_WARMUP = 30;
    private static final int WRN_WARMUP = 2;
    private static final long SEED = 1;

    /**
     * What the bench runs.
     *
     * @param iterations   timed LeNet steps per set-up, split over the blocks (WRN-16-4: 1/20 as many,
     *                     at least one per block)
     * @param blocks       rounds of alternating blocks
     * @param interpreters the Python interpreters to try for the PyTorch reference, in order
     */
    public record Options(int iterations, int blocks, List<String> interpreters) {

        public Options {
            if (blocks < 1) {
                throw new IllegalArgumentException("bench blocks must be >= 1, got " + blocks);
            }
            if (iterations < blocks) {
                throw new IllegalArgumentException("bench iterations must be >= blocks (" + blocks + "), got "
                        + iterations);
            }
            interpreters = List.copyOf(interpreters);
            if (interpreters.isEmpty()) {
                throw new IllegalArgumentException("bench needs at least one Python interpreter to try");
            }
        }

        /** LeNet steps per block. */
        public int lenetStepsPerBlock() {
            return (iterations + blocks - 1) / blocks;
        }

        /** WRN-16-4 steps per block. */
        public int wrnStepsPerBlock() {
            return Math.max(1, (lenetStepsPerBlock() + WRN_STEP_COST / 2) / WRN_STEP_COST);
        }
    }

    private PerformanceBench() {
    }

    /** Runs the bench, printing one progress line per block and then the table; returns the table's rows. */
    public static List<RatioTable.Row> run(Options options, DataRoot root, PrintStream out) {
        Map<String, String> environment = Provenance.environment();
        List<String> machine = new ArrayList<>();
        machine.add(String.format(Locale.ROOT, "CPU: %s, %s cores available to the JVM", environment.get("cpu.model"),
                environment.get("cpu.cores")));
        machine.add(String.format(Locale.ROOT, "ND4J %s backend %s (BLAS %s, %d threads), OMP_WAIT_POLICY=%s",
                environment.get("dl4j.version"), environment.get("nd4j.backend"), environment.get("nd4j.blas"),
                Nd4j.getEnvironment().maxMasterThreads(), System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset")));
        machine.add("Java " + environment.get("java.version") + " (" + environment.get("java.vendor") + "), "
                + environment.get("os"));
        machine.add("rtrain " + environment.get("git.commit") + ("true".equals(environment.get("git.dirty"))
                ? " (with uncommitted changes)" : ""));

        LeNetData data = lenetData(root);
        machine.add("LeNet data: " + data.description());
        out.println("LeNet data: " + data.description());
        int threads = Runtime.getRuntime().availableProcessors();
        Optional<PyTorchReference> pytorch;
        String pytorchMissing = null;
        try {
            pytorch = Optional.of(PyTorchReference.start(options.interpreters(), LENET_BATCH, threads));
            machine.add(pytorch.get().description());
        } catch (PyTorchReference.UnavailableException e) {
            pytorch = Optional.empty();
            pytorchMissing = "PyTorch not available (" + e.getMessage() + ")";
            machine.add(pytorchMissing);
        }
        out.println(machine.get(machine.size() - 1));

        SideBySide.Times lenet;
        try {
            lenet = SideBySide.measure("LeNet", lenetSetups(data, pytorch), LENET_WARMUP, options.blocks(),
                    options.lenetStepsPerBlock(), out);
        } finally {
            pytorch.ifPresent(PyTorchReference::close);
        }
        SideBySide.Times wrn = SideBySide.measure("WRN-16-4", wrnSetups(), WRN_WARMUP, options.blocks(),
                options.wrnStepsPerBlock(), out);

        Map<Integer, SideBySide.Times> operator = new LinkedHashMap<>();
        for (int elements : OPERATOR_ELEMENTS) {
            operator.put(elements, measureOperator(elements, options.blocks(), out));
        }

        List<RatioTable.Row> rows = new ArrayList<>();
        rows.add(RatioTable.Row.measured("1", "R-/base step time, LeNet", lenet.ratios("R-", "base"),
                RatioTable.Target.atMost(1.05), stepTimes(lenet, "base", "R-")));
        rows.add(RatioTable.Row.measured("1", "R-/base step time, WRN-16-4", wrn.ratios("R-", "base"),
                RatioTable.Target.atMost(1.05), stepTimes(wrn, "base", "R-")));
        rows.add(RatioTable.Row.measured("2", "FGSM/base step time, LeNet", lenet.ratios("FGSM", "base"),
                RatioTable.Target.atMost(2.2), stepTimes(lenet, "base", "FGSM")));
        rows.add(RatioTable.Row.measured("2", "FGSM/base step time, WRN-16-4", wrn.ratios("FGSM", "base"),
                RatioTable.Target.atMost(2.2), stepTimes(wrn, "base", "FGSM")));
        operator.forEach((elements, times) -> rows.add(RatioTable.Row.measured("3", String.format(Locale.ROOT,
                "sign operator/copy throughput, %dM floats, 1 thread", elements >> 20), times.ratios("copy", "sign"),
                RatioTable.Target.atLeast(0.5), String.format(Locale.ROOT, "copy %.2f GB/s, sign %.2f GB/s "
                        + "(8 bytes an element); JMH: %s", gigabytesPerSecond(times, "copy", elements),
                        gigabytesPerSecond(times, "sign", elements), OPERATOR_BENCH_COMMAND))));
        rows.add(pytorch.isPresent()
                ? RatioTable.Row.measured("4", "DL4J/PyTorch images/s, LeNet", lenet.ratios("PyTorch", "base"),
                        RatioTable.Target.atLeast(0.5), stepTimes(lenet, "base", "PyTorch")
                                + "; where DL4J's time goes: docs/performance.md")
                : RatioTable.Row.notMeasured("4", "DL4J/PyTorch images/s, LeNet", RatioTable.Target.atLeast(0.5),
                        pytorchMissing + "; pass --python with an interpreter that imports torch"));
        rows.add(RatioTable.Row.measured("-", "project/DL4J stock images/s, LeNet", lenet.ratios("stock", "base"),
                null, stepTimes(lenet, "stock", "base") + "; stock: NCHW, layer helpers off (im2col + gemm)"));

        String title = String.format(Locale.ROOT, "%nrtrain bench: median of %d alternating blocks; LeNet batch %d, "
                + "%d steps per block; WRN-16-4 32x32 batch %d, %d steps per block", options.blocks(), LENET_BATCH,
                options.lenetStepsPerBlock(), WRN_BATCH, options.wrnStepsPerBlock());
        out.print(RatioTable.render(title, machine, rows));
        return rows;
    }

    /**
     * The sign perturbation's forward pass ({@code g(x)} into a preallocated array) against ND4J's copy of the
     * same array, both reading and writing each element once, with ND4J held to one thread for the duration.
     */
    private static SideBySide.Times measureOperator(int elements, int blocks, PrintStream out) {
        int maxThreads = Nd4j.getEnvironment().maxThreads();
        int maxMasterThreads = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        try {
            Nd4j.getRandom().setSeed(SEED);
            INDArray source = Nd4j.rand(DataType.FLOAT, elements).subi(0.5);
            INDArray target = Nd4j.createUninitialized(DataType.FLOAT, elements);
            SignPerturbation perturbation = rPerturbation().perturbation();
            int steps = Math.max(1, (1 << 27) / elements);
            List<SideBySide.Setup> setups = List.of(
                    new OperatorSetup("copy", () -> target.assign(source)),
                    new OperatorSetup("sign", () -> perturbation.applyDropout(source, target, 0, 0,
                            LayerWorkspaceMgr.noWorkspaces())));
            return SideBySide.measure(String.format(Locale.ROOT, "operator %dM", elements >> 20), setups, steps,
                    blocks, steps, out);
        } finally {
            Nd4j.getEnvironment().setMaxThreads(maxThreads);
            Nd4j.getEnvironment().setMaxMasterThreads(maxMasterThreads);
        }
    }

    private static double gigabytesPerSecond(SideBySide.Times times, String setup, int elements) {
        return 8.0 * elements / times.medianSecondsPerStep(setup) / 1e9;
    }

    /** "base 51.2 ms/step, R- 51.9 ms/step" from the median block of each. */
    private static String stepTimes(SideBySide.Times times, String first, String second) {
        return String.format(Locale.ROOT, "%s %.1f ms/step, %s %.1f ms/step", first,
                1e3 * times.medianSecondsPerStep(first), second, 1e3 * times.medianSecondsPerStep(second));
    }

    /** LeNet's batch pool in both layouts, and where it came from. */
    private record LeNetData(String description, List<DataSet> channelsLast, List<DataSet> channelsFirst) {
    }

    private static LeNetData lenetData(DataRoot root) {
        MnistDataset dataset = MnistDataset.FASHION_MNIST;
        Optional<Path> directory = dataset.locate(root);
        ImageSplit split;
        String description;
        if (directory.isPresent()) {
            split = dataset.read(directory.get(), MnistDataset.Split.TRAIN, Verification.PUBLISHED);
            description = String.format(Locale.ROOT, "%s training images (the first %d) from %s",
                    dataset.displayName(), POOL_BATCHES * LENET_BATCH, directory.get());
        } else {
            split = randomImages("random Fashion-MNIST-shaped", 1, MnistDataset.SIDE, MnistDataset.CLASSES,
                    POOL_BATCHES * LENET_BATCH);
            description = "random pixels and labels shaped like Fashion-MNIST (" + dataset.displayName()
                    + " is not under " + root.path() + ")";
        }
        return new LeNetData(description, pool(split, LENET_BATCH, true), pool(split, LENET_BATCH, false));
    }

    private static List<DataSet> pool(ImageSplit split, int batchSize, boolean channelsLast) {
        List<DataSet> batches = new ArrayList<>();
        Iterator<DataSet> it = new MiniBatches(split, POOL_BATCHES * batchSize, channelsLast).inOrder(batchSize);
        it.forEachRemaining(batches::add);
        return batches;
    }

    /** Uniform pixels in [0, 1) and uniform labels from a fixed seed, shaped {@code [count, channels, side, side]}. */
    private static ImageSplit randomImages(String name, int channels, int side, int classes, int count) {
        SplittableRandom random = new SplittableRandom(SEED);
        float[] pixels = new float[count * channels * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        int[] labels = random.ints(count, 0, classes).toArray();
        return new ImageSplit(name, Nd4j.create(pixels, new long[] {count, channels, side, side}), labels, classes,
                "random(seed " + SEED + ")", false);
    }

    private static List<SideBySide.Setup> lenetSetups(LeNetData data, Optional<PyTorchReference> pytorch) {
        MultiLayerNetwork base = LeNet.network(LeNetOptions.mnist(PerturbationSettings.none(), SEED));
        MultiLayerNetwork perturbed = LeNet.network(LeNetOptions.mnist(rPerturbation(), SEED));
        MultiLayerNetwork adversarial = LeNet.network(LeNetOptions.mnist(PerturbationSettings.none(), SEED));
        // DL4J's stock network must be created while its layer helpers are disabled: the property is read per layer,
        // also by the FGSM training twin built on the first step, so the previous value must come back after it.
        String helpers = System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        MultiLayerNetwork stock;
        try {
            stock = LeNet.network(LeNetOptions.mnist(PerturbationSettings.none(), SEED)
                    .withDataFormat(CNN2DFormat.NCHW));
        } finally {
            if (helpers == null) {
                System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, helpers);
            }
        }
        for (MultiLayerNetwork network : List.of(base, perturbed, adversarial)) {
            NativeFastPath.requireOnFastPath(network);
        }
        AdversarialTraining fgsm = AdversarialTraining.fgsm(SpecCatalog.FGSM_EPSILON_MNIST,
                AdversarialTraining.GOODFELLOW_ALPHA);
        InputGradient gradient = new InputGradient(adversarial);
        List<SideBySide.Setup> setups = new ArrayList<>(List.of(
                new Dl4jSetup("base", data.channelsLast(), base::fit),
                new Dl4jSetup("R-", data.channelsLast(), perturbed::fit),
                new Dl4jSetup("FGSM", data.channelsLast(), batch -> fgsm.fit(gradient, batch)),
                new Dl4jSetup("stock", data.channelsFirst(), stock::fit)));
        pytorch.ifPresent(setups::add);
        return setups;
    }

    private static List<SideBySide.Setup> wrnSetups() {
        WideResNetArchitecture architecture = WideResNetArchitecture.cifar(16, 4);
        List<DataSet> batches = pool(randomImages("random CIFAR-shaped", 3, 32, 10, POOL_BATCHES * WRN_BATCH),
                WRN_BATCH, architecture.dataFormat() == CNN2DFormat.NHWC);
        ComputationGraph base = architecture.build(wrnSettings(PerturbationSettings.none()));
        ComputationGraph perturbed = architecture.build(wrnSettings(rPerturbation()));
        ComputationGraph adversarial = architecture.build(wrnSettings(PerturbationSettings.none()));
        for (ComputationGraph graph : List.of(base, perturbed, adversarial)) {
            List<String> off = NativeFastPath.layersOffFastPath(graph);
            if (!off.isEmpty()) {
                throw new IllegalStateException("WRN-16-4 layers not on the native (oneDNN/cuDNN) path: " + off);
            }
        }
        AdversarialTraining fgsm = AdversarialTraining.fgsm(SpecCatalog.FGSM_EPSILON_NATURAL,
                AdversarialTraining.GOODFELLOW_ALPHA);
        InputGradient gradient = new InputGradient(adversarial);
        return List.of(new Dl4jSetup("base", batches, base::fit), new Dl4jSetup("R-", batches, perturbed::fit),
                new Dl4jSetup("FGSM", batches, batch -> fgsm.fit(gradient, batch)));
    }

    private static ModelSettings wrnSettings(PerturbationSettings perturbation) {
        return new ModelSettings(new InputShape(3, 32, 32, 10), PixelNormalization.identity(3), perturbation,
                WideResNet.cifarOptimizer(), SEED);
    }

    /** The R- specs' perturbation: their epsilon and p, on the input and every hidden layer. */
    private static PerturbationSettings rPerturbation() {
        return SpecCatalog.R_PERTURBATION.settings();
    }

    /** One call of an array operation per step. */
    private record OperatorSetup(String name, Runnable operation) implements SideBySide.Setup {

        @Override
        public double run(int steps) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                operation.run();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** A DL4J training set-up cycling through a pool of batches. */
    private static final class Dl4jSetup implements SideBySide.Setup {

        private final String name;
        private final List<DataSet> batches;
        private final Consumer<DataSet> step;
        private int next;

        Dl4jSetup(String name, List<DataSet> batches, Consumer<DataSet> step) {
            this.name = name;
            this.batches = batches;
            this.step = step;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double run(int steps) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.accept(batches.get(next));
                next = (next + 1) % batches.size();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
