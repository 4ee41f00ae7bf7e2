package org.rtrain.experiments.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.attacks.PgdAttack;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.attacks.training.AdversarialTrainer;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MiniBatches;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.experiments.run.Provenance;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.LeanLeNet;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.models.zoo.WideResNet;
import org.rtrain.models.zoo.WideResNetArchitecture;
import org.rtrain.perturb.backend.LeanConvolution;
import org.rtrain.perturb.backend.NativeFastPath;
import org.rtrain.reports.results.RunProvenance;

/**
 * {@code rtrain bench}: the performance targets as ratios measured side by side in one run, with the machine and the
 * kernels they ran on. LeNet (Fashion-MNIST-shaped, batch {@value #LENET_BATCH}) trains as this project's base
 * set-up (NHWC, oneDNN), as R- (sign perturbation on the input and every hidden layer, the R- specs' epsilon and p),
 * with FGSM adversarial training (the FGSM- specs' strategy), with DL4J's stock set-up (NCHW, layer helpers off),
 * as the opt-in {@link LeanLeNet} (no gradient for the input image), with DL4J's own convolution layer in place of
 * {@link LeanConvolution} (the base set-up as it was before that layer) and on PyTorch 2.x; PGD (Madry et al.'s 40
 * steps, the evaluation's attack) attacks batches of {@value #PGD_BATCH} (the paper evaluation's test batch for
 * LeNet) on the base LeNet as trained by then, in DL4J and in PyTorch; a
 * WRN-16-4 at 32x32 (batch {@value #WRN_BATCH}) trains as base, R- and FGSM and on PyTorch. Each group's set-ups run
 * in alternating blocks ({@link SideBySide}); each ratio is the median over blocks.
 *
 * <p>PyTorch runs in a process of its own ({@link PyTorchReference}): by default a JVM on DJL's PyTorch engine, whose
 * class path {@code ./rtrain bench} resolves from Maven Central on first use and passes in the system property
 * {@value #PYTORCH_CLASSPATH_PROPERTY}; with {@code --python CMD} a Python interpreter instead. It gets ND4J's thread
 * count, and {@code OMP_WAIT_POLICY} as this process has it.
 *
 * <p>Data: the first images of Fashion-MNIST's training split when it is under the data root, otherwise uniformly
 * random pixels and labels of the same shape (step time does not depend on the pixel values); the WRN always trains
 * on random CIFAR-shaped images, and PyTorch on random images. Each set-up cycles through the same
 * {@value #POOL_BATCHES} batches, so loading and augmentation are not timed. The sign operator's own throughput is
 * perturb-core's JMH benchmark ({@code mvn -o -q -pl perturb-core -Pjmh test-compile exec:exec}); it is under 1% of
 * a training step, so the bench no longer times it.
 */
public final class PerformanceBench {

    /** LeNet's batch size, the paper's MNIST batch. */
    public static final int LENET_BATCH = 64;
    /** WRN-16-4's batch size: small, so that a block is quick on 2 cores. */
    public static final int WRN_BATCH = 32;
    /** Batches each set-up cycles through. */
    public static final int POOL_BATCHES = 16;
    /** PGD's batch size: the paper-scale evaluation's test batch for LeNet (twice the training batch). */
    public static final int PGD_BATCH = 128;
    /** PGD's radius in the bench; what an attack costs does not depend on it. */
    public static final double PGD_EPSILON = 0.1;
    /** The system property naming the class path of DJL's PyTorch engine and its CPU natives. */
    public static final String PYTORCH_CLASSPATH_PROPERTY = "rtrain.bench.pytorchClasspath";
    /** The bound of every DL4J/PyTorch ratio. */
    public static final double PYTORCH_TARGET = 0.8;
    /** LeNet steps per WRN step in a block (a WRN-16-4 step costs about that many LeNet steps on a CPU). */
    private static final int WRN_STEP_COST = 20;
    /** LeNet steps per PGD batch in a block (40 gradient passes over twice LeNet's batch cost about 80 steps). */
    private static final int PGD_STEP_COST = 80;
    private static final int LENET_WARMUP = 30;
    private static final int WRN_WARMUP = 2;
    private static final long SEED = 1;

    /**
     * What the bench runs.
     *
     * @param iterations   timed LeNet steps per set-up, split over the blocks (WRN-16-4: 1/20 as many,
     *                     at least one per block)
     * @param blocks       rounds of alternating blocks
     * @param interpreters the Python interpreters to try for the PyTorch reference, in order; empty for DJL's
     *                     PyTorch engine (the default)
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
        }

        /** LeNet steps per block. */
        public int lenetStepsPerBlock() {
            return (iterations + blocks - 1) / blocks;
        }

        /** WRN-16-4 steps per block. */
        public int wrnStepsPerBlock() {
            return Math.max(1, (lenetStepsPerBlock() + WRN_STEP_COST / 2) / WRN_STEP_COST);
        }

        /** PGD batches per block. */
        public int pgdStepsPerBlock() {
            return Math.max(1, (lenetStepsPerBlock() + PGD_STEP_COST / 2) / PGD_STEP_COST);
        }
    }

    private PerformanceBench() {
    }

    /** Runs the bench, printing one progress line per block and then the table; returns the table's rows. */
    public static List<RatioTable.Row> run(Options options, DataRoot root, PrintStream out) {
        RunProvenance environment = Provenance.environment();
        List<String> machine = new ArrayList<>();
        machine.add(String.format(Locale.ROOT, "CPU: %s, %s cores available to the JVM", environment.cpuModel(),
                environment.cpuCores()));
        machine.add(String.format(Locale.ROOT, "ND4J %s backend %s (BLAS %s, %d threads), OMP_WAIT_POLICY=%s",
                environment.dl4jVersion(), environment.nd4jBackend(), environment.nd4jBlas(),
                Nd4j.getEnvironment().maxMasterThreads(), System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset")));
        machine.add("Java " + environment.javaVersion() + " (" + environment.javaVendor() + "), " + environment.os());
        machine.add("rtrain " + environment.gitCommit() + ("true".equals(environment.gitDirty())
                ? " (with uncommitted changes)" : ""));

        machine.add(1, "CPU flags: " + cpuFlags());
        machine.add(2, "DL4J kernels: " + dl4jKernels() + dl4jKernelProbe(Nd4j.getEnvironment().maxMasterThreads())
                .map(line -> "; running " + line).orElse(""));
        int progress = machine.size();
        LeNetData data = lenetData(root);
        machine.add("LeNet data: " + data.description());
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        Optional<PyTorchReference> pytorch;
        String pytorchMissing = null;
        try {
            pytorch = Optional.of(startPyTorch(options, threads));
            machine.add(pytorch.get().description());
            kernelProbe(options, threads).ifPresent(line -> machine.add("PyTorch kernels: " + line));
        } catch (PyTorchReference.UnavailableException e) {
            pytorch = Optional.empty();
            pytorchMissing = "PyTorch not available (" + e.getMessage() + ")";
            machine.add(pytorchMissing);
        }
        machine.subList(progress, machine.size()).forEach(out::println);

        SideBySide.Times lenet;
        SideBySide.Times pgd;
        SideBySide.Times wrn;
        try {
            LeNetSetups lenetSetups = lenetSetups(data, pytorch);
            lenet = SideBySide.measure("LeNet", lenetSetups.setups(), LENET_WARMUP, options.blocks(),
                    options.lenetStepsPerBlock(), out);
            pgd = SideBySide.measure("PGD-40", pgdSetups(data, lenetSetups.base(), pytorch), 1, options.blocks(),
                    options.pgdStepsPerBlock(), out);
            wrn = SideBySide.measure("WRN-16-4", wrnSetups(pytorch), WRN_WARMUP, options.blocks(),
                    options.wrnStepsPerBlock(), out);
        } finally {
            pytorch.ifPresent(PyTorchReference::close);
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
        rows.add(pytorchRow("3", "DL4J/PyTorch images/s, LeNet training", lenet, "base", LENET_BATCH, pytorch,
                pytorchMissing));
        rows.add(pytorchRow("3", "DL4J/PyTorch images/s, LeNet training, lean opt-in", lenet, "lean", LENET_BATCH,
                pytorch, pytorchMissing));
        rows.add(pytorchRow("4", "DL4J/PyTorch images/s, PGD-40 on LeNet", pgd, "PGD", PGD_BATCH, pytorch,
                pytorchMissing));
        rows.add(pytorchRow("5", "DL4J/PyTorch images/s, WRN-16-4 training", wrn, "base", WRN_BATCH, pytorch,
                pytorchMissing));
        rows.add(RatioTable.Row.measured("-", "project/DL4J stock images/s, LeNet", lenet.ratios("stock", "base"),
                null, stepTimes(lenet, "stock", "base") + "; stock: NCHW, layer helpers off (im2col + gemm)"));
        rows.add(RatioTable.Row.measured("-", "base/DL4J-convolution step time, LeNet", lenet.ratios("base",
                "DL4J conv"), null, stepTimes(lenet, "DL4J conv", "base") + "; DL4J conv: base with DL4J's own "
                + "ConvolutionLayer (recomputes the forward convolution in backprop)"));
        rows.add(RatioTable.Row.measured("-", "lean/base step time, LeNet", lenet.ratios("lean", "base"), null,
                stepTimes(lenet, "base", "lean") + "; lean: opt-in LeanLeNet, no input-image gradient"));

        String title = String.format(Locale.ROOT, "%nrtrain bench: median of %d alternating blocks; LeNet batch %d, "
                + "%d steps per block; PGD-40 batch %d, %d per block; WRN-16-4 32x32 batch %d, %d steps per block",
                options.blocks(), LENET_BATCH, options.lenetStepsPerBlock(), PGD_BATCH, options.pgdStepsPerBlock(),
                WRN_BATCH, options.wrnStepsPerBlock());
        out.print(RatioTable.render(title, machine, rows));
        return rows;
    }

    /** A DL4J/PyTorch images/s row: PyTorch's block seconds over DL4J's, with both rates in the note. */
    private static RatioTable.Row pytorchRow(String number, String name, SideBySide.Times times, String dl4j,
                                             int batch, Optional<PyTorchReference> pytorch, String missing) {
        RatioTable.Target target = RatioTable.Target.atLeast(PYTORCH_TARGET);
        if (pytorch.isEmpty()) {
            return RatioTable.Row.notMeasured(number, name, target, missing + "; run it through ./rtrain bench, "
                    + "which resolves DJL's PyTorch engine, or pass --python with an interpreter that imports torch");
        }
        return RatioTable.Row.measured(number, name, times.ratios("PyTorch", dl4j), target, String.format(Locale.ROOT,
                "DL4J %,.0f images/s, PyTorch %,.0f images/s (%s); where the time goes: docs/performance.md",
                batch / times.medianSecondsPerStep(dl4j), batch / times.medianSecondsPerStep("PyTorch"),
                stepTimes(times, dl4j, "PyTorch")));
    }

    private static PyTorchReference startPyTorch(Options options, int threads)
            throws PyTorchReference.UnavailableException {
        List<String> arguments = List.of(Integer.toString(LENET_BATCH), Integer.toString(PGD_BATCH),
                Integer.toString(WRN_BATCH), Integer.toString(threads));
        Map<String, String> environment = pytorchEnvironment(threads);
        if (!options.interpreters().isEmpty()) {
            return PyTorchReference.startPython(options.interpreters(), arguments, environment);
        }
        List<String> command = djlCommand(false);
        command.addAll(arguments);
        return PyTorchReference.start(command, "DJL's PyTorch engine", environment);
    }

    /** ND4J's thread count for OpenMP and MKL; OpenMP's wait policy is inherited from this process. */
    private static Map<String, String> pytorchEnvironment(int threads) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OMP_NUM_THREADS", Integer.toString(threads));
        environment.put("MKL_NUM_THREADS", Integer.toString(threads));
        return environment;
    }

    /**
     * {@code java -cp <the experiments jar>:<DJL's class path> ... DjlPyTorchWorker}, without DL4J's class path (it
     * brings older gson, JNA and commons-compress than DJL's); unavailable without DJL's class path.
     */
    private static List<String> djlCommand(boolean probe) throws PyTorchReference.UnavailableException {
        String djl = System.getProperty(PYTORCH_CLASSPATH_PROPERTY, "");
        if (djl.isBlank()) {
            throw new PyTorchReference.UnavailableException("DJL's PyTorch engine is not on a class path: "
                    + PYTORCH_CLASSPATH_PROPERTY + " is not set");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-cp",
                ownCodeLocation() + File.pathSeparator + djl,
                "org.rtrain.experiments.bench.pytorch.DjlPyTorchWorker"));
        if (probe) {
            command.add("--probe");
        }
        return command;
    }

    /**
     * The kernels PyTorch chose, from oneDNN's and MKL's verbose output of one step of each workload in a process of
     * its own, e.g. {@code oneDNN v3.7.1 (isa ...; convolutions jit:avx512_core), oneMKL 2024.0 (sgemm ...)}.
     */
    private static Optional<String> kernelProbe(Options options, int threads) {
        if (!options.interpreters().isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> command = djlCommand(true);
            command.addAll(List.of(Integer.toString(LENET_BATCH), "2", "2", Integer.toString(threads)));
            return verboseSummary(command, threads);
        } catch (PyTorchReference.UnavailableException e) {
            return Optional.empty();
        }
    }

    /** The oneDNN DL4J's layers run on, from its verbose output of one LeNet step in a process of its own. */
    private static Optional<String> dl4jKernelProbe(int threads) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), KernelProbe.class.getName());
        return verboseSummary(command, threads);
    }

    /** One LeNet training step on the project's set-up, for {@code DNNL_VERBOSE} to report oneDNN's kernels. */
    public static final class KernelProbe {

        private KernelProbe() {
        }

        public static void main(String[] args) {
            MultiLayerNetwork lenet = LeNet.network(LeNetArchitecture.paper(),
                    LeNet.mnistSettings(PerturbationSettings.none(), SEED));
            ImageSplit split = randomImages("probe", 1, MnistDataset.SIDE, MnistDataset.CLASSES, LENET_BATCH);
            pool(split, LENET_BATCH, true).forEach(lenet::fit);
        }
    }

    /**
     * Runs {@code command} with oneDNN's and MKL's verbose output on and sums up which versions and convolution
     * kernels it reports; empty when it reports none.
     */
    private static Optional<String> verboseSummary(List<String> command, int threads) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(pytorchEnvironment(threads));
            builder.environment().put("ONEDNN_VERBOSE", "1");
            builder.environment().put("DNNL_VERBOSE", "1");
            builder.environment().put("MKL_VERBOSE", "1");
            Process process = builder.start();
            String onednn = null;
            String isa = null;
            String mkl = null;
            Set<String> convolutions = new TreeSet<>();
            Pattern mklVersion = Pattern.compile("oneMKL ([\\d.]+( Update \\d+)?)");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    boolean verbose = line.startsWith("onednn_verbose") || line.startsWith("dnnl_verbose");
                    List<String> fields = List.of(line.split(","));
                    int convolution = fields.indexOf("convolution");
                    if (verbose && line.contains(",info,oneDNN v")) {
                        onednn = line.substring(line.indexOf("oneDNN v")).replaceAll(" \\(commit.*", "");
                    } else if (verbose && line.contains(",info,cpu,isa:")) {
                        isa = line.substring(line.indexOf("isa:") + 4);
                    } else if (verbose && fields.contains("exec") && convolution > 0
                            && convolution + 1 < fields.size()) {
                        convolutions.add(fields.get(convolution + 1));
                    } else if (mkl == null && line.startsWith("MKL_VERBOSE oneMKL")) {
                        Matcher m = mklVersion.matcher(line);
                        mkl = m.find() ? "oneMKL " + m.group(1) + " (the dense layers' sgemm)" : null;
                    }
                }
            }
            process.waitFor();
            if (onednn == null && mkl == null) {
                return Optional.empty();
            }
            return Optional.of((onednn == null ? "" : onednn + " (" + (isa == null ? "" : "isa " + isa + "; ")
                    + "convolutions " + String.join(", ", convolutions) + ")") + (mkl == null ? "" : ", " + mkl));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The jar (or classes directory) this class was loaded from. */
    private static String ownCodeLocation() throws PyTorchReference.UnavailableException {
        try {
            return Path.of(PerformanceBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new PyTorchReference.UnavailableException("cannot tell where the experiments classes are ("
                    + e.getMessage() + ")");
        }
    }

    /** The CPU flags that decide which kernels run (vector extensions), from /proc/cpuinfo. */
    static String cpuFlags() {
        List<String> wanted = List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
                "amx_tile", "amx_bf16");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> flags = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    List<String> present = wanted.stream().filter(flags::contains).toList();
                    return present.isEmpty() ? "none of " + wanted : String.join(" ", present);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    /** The native libraries under DL4J's layers, by the versions of their jars on the class path. */
    static String dl4jKernels() {
        String classpath = System.getProperty("java.class.path");
        return "libnd4j " + version(classpath, "/nd4j-native-[^/:]+?-(linux-x86_64[^/:]*)\\.jar", "(unknown build)")
                + " with oneDNN (convolutions, pooling; the dnnl jar is " + version(classpath, "/dnnl-([\\d.]+)-",
                "absent") + "), OpenBLAS " + version(classpath, "/openblas-([\\d.]+)-", "absent")
                + " (the dense layers' gemm)";
    }

    private static String version(String classpath, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(classpath);
        return m.find() ? m.group(1) : otherwise;
    }

    /** "base 51.2 ms/step, R- 51.9 ms/step" from the median block of each. */
    private static String stepTimes(SideBySide.Times times, String first, String second) {
        return String.format(Locale.ROOT, "%s %.1f ms/step, %s %.1f ms/step", first,
                1e3 * times.medianSecondsPerStep(first), second, 1e3 * times.medianSecondsPerStep(second));
    }

    /** LeNet's batch pool in both layouts, and where it came from. */
    private record LeNetData(String description, List<DataSet> channelsLast, List<DataSet> channelsFirst,
                             List<DataSet> attack) {
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
        return new LeNetData(description, pool(split, LENET_BATCH, true), pool(split, LENET_BATCH, false),
                pool(split, PGD_BATCH, true));
    }

    private static List<DataSet> pool(ImageSplit split, int batchSize, boolean channelsLast) {
        List<DataSet> batches = new ArrayList<>();
        int examples = (int) Math.min(split.size(), (long) POOL_BATCHES * LENET_BATCH);
        Iterator<DataSet> it = new MiniBatches(split, examples, channelsLast).inOrder(batchSize);
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

    /** LeNet's set-ups, and the base network they train (PGD attacks it afterwards). */
    private record LeNetSetups(List<SideBySide.Setup> setups, MultiLayerNetwork base) {
    }

    private static LeNetSetups lenetSetups(LeNetData data, Optional<PyTorchReference> pytorch) {
        MultiLayerNetwork base = LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), SEED));
        MultiLayerNetwork perturbed = LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(SpecCatalog.R_PERTURBATION, SEED));
        MultiLayerNetwork adversarial = LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), SEED));
        MultiLayerNetwork lean = LeanLeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), SEED));
        MultiLayerNetwork dl4jConvolution = withDl4jConvolution(LeNet.configuration(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), SEED)));
        // DL4J's stock network must be created while its layer helpers are disabled: the property is read per layer,
        // also by the FGSM training twin built on the first step, so the previous value must come back after it.
        String helpers = System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        MultiLayerNetwork stock;
        try {
            stock = LeNet.network(new LeNetArchitecture(0.5, CNN2DFormat.NCHW),
                    LeNet.mnistSettings(PerturbationSettings.none(), SEED));
        } finally {
            if (helpers == null) {
                System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, helpers);
            }
        }
        for (MultiLayerNetwork network : List.of(base, perturbed, adversarial, lean, dl4jConvolution)) {
            NativeFastPath.requireOnFastPath(network);
        }
        AdversarialTraining fgsm = AdversarialTraining.fgsm(SpecCatalog.FGSM_EPSILON_MNIST,
                AdversarialTraining.GOODFELLOW_ALPHA);
        AdversarialTrainer fgsmTrainer = fgsm.trainerFor(adversarial);
        List<SideBySide.Setup> setups = new ArrayList<>(List.of(
                new Dl4jSetup("base", data.channelsLast(), base::fit),
                new Dl4jSetup("R-", data.channelsLast(), perturbed::fit),
                new Dl4jSetup("FGSM", data.channelsLast(), fgsmTrainer::fit),
                new Dl4jSetup("stock", data.channelsFirst(), stock::fit),

                new Dl4jSetup("lean", data.channelsLast(), lean::fit),
                new Dl4jSetup("DL4J conv", data.channelsLast(), dl4jConvolution::fit)));
        pytorch.ifPresent(reference -> setups.add(reference.setup("lenet")));
        return new LeNetSetups(setups, base);
    }

    /**
     * An initialised network of {@code conf} with DL4J's own {@code ConvolutionLayer} in place of each
     * {@link LeanConvolution}: the project's LeNet as it was before LeanConvolution, whose backward pass recomputes
     * each forward convolution.
     */
    private static MultiLayerNetwork withDl4jConvolution(MultiLayerConfiguration conf) {
        NativeFastPath.enable();
        MultiLayerNetwork network = new MultiLayerNetwork(LeanConvolution.withDl4jConvolutions(conf));
        network.init();
        if (Arrays.stream(network.getLayers()).anyMatch(LeanConvolution.class::isInstance)
                || !network.params().equals(LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), SEED)).params())) {
            throw new IllegalStateException("the DL4J-convolution LeNet is not LeNet with DL4J's convolution");
        }
        return network;
    }

    /** Madry et al.'s PGD (40 steps of eps/30 from a random start) on {@code lenet}, one batch a step. */
    private static List<SideBySide.Setup> pgdSetups(LeNetData data, MultiLayerNetwork lenet,
                                                    Optional<PyTorchReference> pytorch) {
        InputGradient gradient = InputGradient.forModel(lenet);
        PgdAttack attack = PgdAttack.madry(PGD_EPSILON, SEED);
        long[] stream = {0};
        List<SideBySide.Setup> setups = new ArrayList<>(List.of(new Dl4jSetup("PGD", data.attack(),
                batch -> attack.forStream(stream[0]++).perturb(gradient, batch.getFeatures(), batch.getLabels()))));
        pytorch.ifPresent(reference -> setups.add(reference.setup("pgd")));
        return setups;
    }

    private static List<SideBySide.Setup> wrnSetups(Optional<PyTorchReference> pytorch) {
        WideResNetArchitecture architecture = WideResNetArchitecture.cifar(16, 4);
        List<DataSet> batches = pool(randomImages("random CIFAR-shaped", 3, 32, 10, POOL_BATCHES * WRN_BATCH),
                WRN_BATCH, architecture.dataFormat() == CNN2DFormat.NHWC);
        ComputationGraph base = architecture.network(wrnSettings(PerturbationSettings.none()));
        ComputationGraph perturbed = architecture.network(wrnSettings(SpecCatalog.R_PERTURBATION));
        ComputationGraph adversarial = architecture.network(wrnSettings(PerturbationSettings.none()));
        for (ComputationGraph graph : List.of(base, perturbed, adversarial)) {
            List<String> off = NativeFastPath.layersOffFastPath(graph);
            if (!off.isEmpty()) {
                throw new IllegalStateException("WRN-16-4 layers not on the native (oneDNN/cuDNN) path: " + off);
            }
        }
        AdversarialTraining fgsm = AdversarialTraining.fgsm(SpecCatalog.FGSM_EPSILON_NATURAL,
                AdversarialTraining.GOODFELLOW_ALPHA);
        AdversarialTrainer fgsmTrainer = fgsm.trainerFor(adversarial);
        pytorch.flatMap(reference -> reference.parameters("wrn")).ifPresent(count -> {
            if (count != base.numParams()) {
                throw new IllegalStateException("PyTorch's WRN-16-4 has " + count + " parameters, DL4J's "
                        + base.numParams() + ": not the same architecture");
            }
        });
        List<SideBySide.Setup> setups = new ArrayList<>(List.of(new Dl4jSetup("base", batches, base::fit),
                new Dl4jSetup("R-", batches, perturbed::fit),
                new Dl4jSetup("FGSM", batches, fgsmTrainer::fit)));
        pytorch.ifPresent(reference -> setups.add(reference.setup("wrn")));
        return setups;
    }

    private static ModelSettings wrnSettings(PerturbationSettings perturbation) {
        return new ModelSettings(new InputShape(3, 32, 32, 10), PixelNormalization.identity(3), perturbation,
                WideResNet.cifarOptimizer(), SEED);
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
