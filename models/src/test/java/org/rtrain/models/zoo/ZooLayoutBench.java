package org.rtrain.models.zoo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * Training throughput of the zoo's graph models in channels-first (NCHW) and channels-last (NHWC)
 * layout on the native (oneDNN) path: how each model's default layout was chosen. Not a test.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -o -q -pl models -am test-compile
 * mvn -o -q -pl perturb-core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * OMP_WAIT_POLICY=PASSIVE java -Xmx6g -cp models/target/test-classes:models/target/classes:perturb-core/target/classes:$(cat /tmp/cp.txt) \
 *     org.rtrain.models.zoo.ZooLayoutBench [rounds=3] [steps=5]
 * </pre>
 * Each round builds each model in both layouts, alternating which goes first, takes 2 warm-up
 * steps and times {@code steps} training steps (batch 32, SGD) on one synthetic batch; it prints
 * images per second per round and the medians.
 */
public final class ZooLayoutBench {

    private ZooLayoutBench() {
    }

    private record Case(String name, int channels, int size, int classes, int batch,
                        Function<CNN2DFormat, Architecture> architecture) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        NativeFastPath.enable();
        List<Case> cases = List.of(
                new Case("CapsNet (MNIST, no decoder)", 1, 28, 10, 32,
                        format -> new CapsNetArchitecture(256, 32, 8, 16, 3, false, format)),
                new Case("ResNet-110, stochastic depth (32x32)", 3, 32, 10, 32,
                        format -> new StochasticDepthResNetArchitecture(110, 16, 0.5, format)),
                new Case("WRN-16-4 (32x32)", 3, 32, 10, 32,
                        format -> new WideResNetArchitecture(16, 4, 0.3, format)));
        System.out.printf(Locale.ROOT, "load average at start: %.2f; %d rounds of %d steps%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds, steps);
        for (Case c : cases) {
            Map<CNN2DFormat, List<Double>> rates = new LinkedHashMap<>();
            rates.put(CNN2DFormat.NCHW, new ArrayList<>());
            rates.put(CNN2DFormat.NHWC, new ArrayList<>());
            DataSet nchw = ZooFixtures.learnableBatch(c.batch(), c.channels(), c.size(), c.classes(), 7);
            for (int round = 0; round < rounds; round++) {
                CNN2DFormat[] order = round % 2 == 0 ? new CNN2DFormat[] {CNN2DFormat.NCHW, CNN2DFormat.NHWC}
                        : new CNN2DFormat[] {CNN2DFormat.NHWC, CNN2DFormat.NCHW};
                for (CNN2DFormat format : order) {
                    ComputationGraph network = (ComputationGraph) c.architecture().apply(format).network(
                            ZooFixtures.settings(c.channels(), c.size(), c.classes(), PerturbationSettings.none(),
                                    OptimizerSettings.constant(0.01, 0.9, 5e-4)));
                    NativeFastPath.requireOnFastPath(network);
                    DataSet batch = new DataSet(ZooFixtures.inLayout(nchw.getFeatures(), format), nchw.getLabels());
                    for (int i = 0; i < 2; i++) {
                        network.fit(batch);
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        network.fit(batch);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    rates.get(format).add(steps * c.batch() / seconds);
                }
            }
            double nchwMedian = median(rates.get(CNN2DFormat.NCHW));
            double nhwcMedian = median(rates.get(CNN2DFormat.NHWC));
            System.out.printf(Locale.ROOT, "%s, batch %d: NCHW %s -> median %.1f img/s; NHWC %s -> median %.1f "
                            + "img/s; NHWC/NCHW %.2f%n", c.name(), c.batch(), format(rates.get(CNN2DFormat.NCHW)),
                    nchwMedian, format(rates.get(CNN2DFormat.NHWC)), nhwcMedian, nhwcMedian / nchwMedian);
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toArray());
    }
}
