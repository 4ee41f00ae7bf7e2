package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.PerturbationVertex;
import org.rtrain.perturb.backend.NativeFastPath;

/** Shared inputs and checks of the zoo tests. */
public final class ZooFixtures {

    private ZooFixtures() {
    }

    /** Settings for {@code channels x size x size} images of {@code classes} classes. */
    public static ModelSettings settings(int channels, int size, int classes, PerturbationSettings perturbation,
                                         OptimizerSettings optimizer) {
        return new ModelSettings(new InputShape(channels, size, size, classes), PixelNormalization.identity(channels),
                perturbation, optimizer, 42);
    }

    /** True when every input of {@code vertex} is a perturbation vertex: the placement perturbs what it reads. */
    static boolean readsPerturbed(ComputationGraphConfiguration conf, String vertex) {
        List<String> inputs = conf.getVertexInputs().get(vertex);
        return !inputs.isEmpty() && inputs.stream().allMatch(input -> conf.getVertices().get(input)
                instanceof PerturbationVertex);
    }

    /** The layer of the layer vertex {@code name} of {@code conf}. */
    static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    /** The sign perturbation on the input and every hidden activation that can carry it. */
    static PerturbationSettings perturbationEverywhere() {
        return new PerturbationSettings(0.1, 0.5, PerturbationPlacement.inputAndAllHidden());
    }

    /**
     * A learnable batch: each example of class {@code k} is dim noise plus a bright square whose
     * position depends on {@code k}; pixels in [0, 1], NCHW.
     */
    static DataSet learnableBatch(int examples, int channels, int size, int classes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] noise = new float[examples * channels * size * size];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 0.2f * random.nextFloat();
        }
        INDArray images = Nd4j.create(noise, new long[] {examples, channels, size, size}, 'c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, examples, classes);
        int square = Math.max(2, size / 4);
        for (int i = 0; i < examples; i++) {
            int k = i % classes;
            int row = (k * 2 * square) % (size - square);
            int column = (k * square) % (size - square);
            images.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(row, row + square),
                    NDArrayIndex.interval(column, column + square)).assign(1.0);
            labels.putScalar(i, k, 1.0);
        }
        return new DataSet(images, labels);
    }

    /** {@code nchw} in {@code format}. */
    static INDArray inLayout(INDArray nchw, CNN2DFormat format) {
        return format == CNN2DFormat.NCHW ? nchw : nchw.permute(0, 2, 3, 1).dup('c');
    }

    /** Runs one forward and backward pass and returns the gradient of every parameter, by name. */
    public static Map<String, INDArray> gradients(ComputationGraph network, INDArray[] inputs, INDArray[] labels) {
        network.setInputs(inputs);
        network.setLabels(labels);
        network.computeGradientAndScore();
        assertTrue(Double.isFinite(network.score()), "non-finite loss " + network.score());
        return new TreeMap<>(network.gradient().gradientForVariable());
    }

    /** Asserts that every parameter has a finite, not all-zero gradient. */
    static void assertFiniteNonZero(Map<String, INDArray> gradients) {
        assertTrue(gradients.size() > 0, "no gradients");
        for (Map.Entry<String, INDArray> entry : gradients.entrySet()) {
            INDArray g = entry.getValue();
            assertTrue(Double.isFinite(g.sumNumber().doubleValue()), entry.getKey() + " has non-finite gradients");
            assertTrue(g.norm2Number().doubleValue() > 0, entry.getKey() + " has an all-zero gradient");
        }
    }

    /** Asserts that two gradient maps have the same parameters with the same norms. */
    static void assertSameGradients(Map<String, INDArray> expected, Map<String, INDArray> actual, double tolerance) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            double a = expected.get(name).norm2Number().doubleValue();
            double b = actual.get(name).norm2Number().doubleValue();
            assertEquals(a, b, tolerance * Math.max(1.0, Math.abs(a)), name + " gradient norm differs");
        }
    }

    /** The inference-mode loss of {@code network} on a single-input, single-output batch. */
    static double loss(ComputationGraph network, DataSet batch) {
        return network.score(batch, false);
    }

    /** The inference-mode loss on a multi-input or multi-output batch. */
    static double loss(ComputationGraph network, MultiDataSet batch) {
        return network.score(batch, false);
    }

    /**
     * Asserts that the networks {@code inLayout} builds for NCHW and NHWC compute the same loss and gradient
     * norms on {@code batch} (NCHW, laid out for each).
     */
    static void assertLayoutsAgree(Function<CNN2DFormat, ComputationGraph> inLayout, DataSet batch) {
        List<Map<String, INDArray>> perLayout = new ArrayList<>();
        double[] losses = new double[2];
        for (CNN2DFormat format : CNN2DFormat.values()) {
            ComputationGraph network = inLayout.apply(format);
            perLayout.add(gradients(network, new INDArray[] {inLayout(batch.getFeatures(), format)},
                    new INDArray[] {batch.getLabels()}));
            losses[format.ordinal()] = network.score();
        }
        assertEquals(losses[0], losses[1], 1e-5);
        assertSameGradients(perLayout.get(0), perLayout.get(1), 1e-3);
    }

    /**
     * Asserts that {@code architecture}, built for 3 x 8 x 8 images of 4 classes with
     * {@link #perturbationEverywhere()}, is on the native fast path before and after a forward and backward pass
     * that gives every parameter a finite, non-zero gradient.
     */
    static void assertSmallNetworkGetsGradientsOnTheNativePath(Architecture architecture, OptimizerSettings optimizer) {
        ComputationGraph network = (ComputationGraph) architecture.network(
                settings(3, 8, 4, perturbationEverywhere(), optimizer));
        NativeFastPath.requireOnFastPath(network);
        DataSet batch = learnableBatch(4, 3, 8, 4, 1);
        assertFiniteNonZero(gradients(network, new INDArray[] {inLayout(batch.getFeatures(), architecture.inputFormat())},
                new INDArray[] {batch.getLabels()}));
        NativeFastPath.requireOnFastPath(network);
    }

    /**
     * {@link #assertLayoutsAgree} for the architectures {@code inLayout} gives for NCHW and NHWC, built for
     * 3 x 8 x 8 images of 4 classes without the perturbation.
     */
    static void assertSmallNetworkLayoutsAgree(Function<CNN2DFormat, Architecture> inLayout,
                                               OptimizerSettings optimizer) {
        assertLayoutsAgree(format -> (ComputationGraph) inLayout.apply(format)
                .network(settings(3, 8, 4, PerturbationSettings.none(), optimizer)), learnableBatch(4, 3, 8, 4, 2));
    }

    /**
     * {@link #assertTrainsWithAndWithoutThePerturbation} for {@code architecture} built for 3 x 8 x 8 images of
     * 4 classes: 15 steps on a learnable batch of 8 laid out as the architecture takes it.
     */
    static void assertSmallNetworkTrainsWithAndWithoutThePerturbation(Architecture architecture,
                                                                      OptimizerSettings optimizer) {
        DataSet nchw = learnableBatch(8, 3, 8, 4, 3);
        DataSet batch = new DataSet(inLayout(nchw.getFeatures(), architecture.inputFormat()), nchw.getLabels());
        assertTrainsWithAndWithoutThePerturbation(perturbation -> (ComputationGraph) architecture.network(
                settings(3, 8, 4, perturbation, optimizer)), batch, 15);
    }

    /**
     * Asserts, for the network {@code withPerturbation} builds without the perturbation and then with
     * {@link #perturbationEverywhere()}, that {@code steps} training steps on {@code batch} take its
     * inference-mode loss below 0.8 times what it was.
     */
    static void assertTrainsWithAndWithoutThePerturbation(
            Function<PerturbationSettings, ComputationGraph> withPerturbation, DataSet batch, int steps) {
        for (PerturbationSettings perturbation : new PerturbationSettings[] {PerturbationSettings.none(),
                perturbationEverywhere()}) {
            ComputationGraph network = withPerturbation.apply(perturbation);
            assertTrainingReducesLoss(() -> loss(network, batch), () -> network.fit(batch), steps,
                    "with " + perturbation);
        }
    }

    /**
     * Asserts that {@code steps} training steps on the multi-input {@code batch} take its inference-mode loss
     * below 0.8 times what it was; {@code setting} names the network in the failure message.
     */
    static void assertTrainingReducesLoss(ComputationGraph network, MultiDataSet batch, int steps, String setting) {
        assertTrainingReducesLoss(() -> loss(network, batch), () -> network.fit(batch), steps, setting);
    }

    private static void assertTrainingReducesLoss(DoubleSupplier loss, Runnable step, int steps, String setting) {
        double before = loss.getAsDouble();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double after = loss.getAsDouble();
        assertTrue(after < 0.8 * before, "loss " + before + " -> " + after + " " + setting);
    }
}
