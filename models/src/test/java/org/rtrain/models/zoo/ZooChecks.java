package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.backend.NativeFastPath;

/** Checks every zoo graph gets: settings, gradients, a few training steps, the native path. */
final class ZooChecks {

    static final OptimizerSettings SGD = OptimizerSettings.constant(0.05, 0.9, 1e-4);

    private ZooChecks() {
    }

    /** Settings for RGB images with a non-trivial normalisation. */
    static ModelSettings settings(int size, int classes, PerturbationSettings perturbation) {
        return new ModelSettings(new InputShape(3, size, size, classes),
                new PixelNormalization(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)), perturbation,
                SGD, 7);
    }

    static PerturbationSettings everywhere() {
        return new PerturbationSettings(0.2, 0.5, PerturbationPlacement.inputAndAllHidden());
    }

    static INDArray images(int batch, int size) {
        return Nd4j.rand(DataType.FLOAT, batch, 3, size, size);
    }

    static INDArray labels(int batch, int classes) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % classes, 1);
        }
        return labels;
    }

    /** One forward and backward pass: every parameter gets a finite gradient that is not all zero. */
    static void assertFiniteNonZeroGradients(ComputationGraph net, INDArray x, INDArray y) {
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        assertTrue(Double.isFinite(net.score()), "score " + net.score());
        Map<String, INDArray> gradients = net.gradient().gradientForVariable();
        assertEquals(net.paramTable().keySet(), gradients.keySet(), "every parameter has a gradient");
        for (Map.Entry<String, INDArray> entry : gradients.entrySet()) {
            INDArray g = entry.getValue();
            boolean statistics = entry.getKey().endsWith("_mean") || entry.getKey().endsWith("_var")
                    || entry.getKey().endsWith("_log10stdev");
            assertTrue(Double.isFinite(g.sumNumber().doubleValue()), entry.getKey() + " has non-finite gradients");
            if (!statistics) {
                assertTrue(g.norm2Number().doubleValue() > 0, entry.getKey() + " has an all-zero gradient");
            }
        }
    }

    /** A few SGD steps: the loss stays finite and the parameters move. */
    static void assertTrains(ComputationGraph net, INDArray x, INDArray y, int steps) {
        INDArray before = net.params().dup();
        for (int i = 0; i < steps; i++) {
            net.fit(new DataSet(x, y));
            assertTrue(Double.isFinite(net.score()), "step " + i + ": score " + net.score());
        }
        assertTrue(net.params().distance2(before) > 0, "parameters did not change");
    }

    /** Every convolution, pooling and batch-norm layer runs on its native helper. */
    static void assertOnNativePath(ComputationGraph net) {
        assertEquals(List.of(), NativeFastPath.layersOffFastPath(net));
    }

    /**
     * As {@link #assertOnNativePath}, except depthwise convolutions: DL4J 1.0.0-M2.1 has no helper for them
     * (they call libnd4j's {@code depthwise_conv2d} op directly, never DL4J's im2col), so NativeFastPath, which
     * checks every convolution subclass for a helper, lists them.
     */
    static void assertOnNativePathApartFromDepthwiseConvolutions(ComputationGraph net) {
        List<String> off = NativeFastPath.layersOffFastPath(net);
        assertTrue(off.stream().allMatch(layer -> layer.endsWith("(DepthwiseConvolution2DLayer)")), off.toString());
    }
}
