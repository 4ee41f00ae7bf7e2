package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.ChainedDropout;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.SignPerturbation;
import org.rtrain.perturb.backend.NativeFastPath;

class LeNetTest {

    @Test
    void hasThePublishedParameterCount() {
        MultiLayerNetwork net = LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 1));
        assertEquals(LeNet.PUBLISHED_PARAMETERS, net.numParams());
    }

    @Test
    void convolutionAndPoolingRunOnTheNativePathOnCpu() {
        MultiLayerNetwork net = LeNet.network(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 1));
        assertEquals(java.util.List.of(), NativeFastPath.layersOffFastPath(net));
        // One training step must go through the helpers: fallback is disabled, so a failing helper throws.
        net.fit(Nd4j.rand(DataType.FLOAT, 8, 28, 28, 1), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7)
                .castTo(DataType.FLOAT));
        assertEquals(java.util.List.of(), NativeFastPath.layersOffFastPath(net));
    }

    @Test
    void channelsFirstLayoutHasTheSameSizeAndTakesNchwInput() {
        MultiLayerNetwork nchw = LeNet.network(new LeNetArchitecture(0.5, CNN2DFormat.NCHW),
                LeNet.mnistSettings(PerturbationSettings.none(), 5));
        assertEquals(LeNet.PUBLISHED_PARAMETERS, nchw.numParams());
        assertArrayEquals(new long[] {3, 10}, nchw.output(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape());
    }

    @Test
    void oneBatchForwardAndBackwardGivesFiniteNonZeroGradientsWithThePerturbation() {
        PerturbationSettings perturbation = new PerturbationSettings(0.2, 0.5,
                PerturbationPlacement.inputAndAllHidden());
        MultiLayerNetwork net = LeNet.network(LeNetArchitecture.paper(), LeNet.mnistSettings(perturbation, 3));
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 28, 28, 1);
        INDArray y = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5).castTo(DataType.FLOAT);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        assertTrue(Double.isFinite(net.score()));
        for (Map.Entry<String, INDArray> entry : net.gradient().gradientForVariable().entrySet()) {
            INDArray g = entry.getValue();
            assertTrue(Double.isFinite(g.sumNumber().doubleValue()), entry.getKey() + " has non-finite gradients");
            assertTrue(g.norm2Number().doubleValue() > 0, entry.getKey() + " has an all-zero gradient");
        }
    }

    @Test
    void perturbationGoesOnInputAndHiddenLayersKeepingClassifierDropout() {
        MultiLayerConfiguration conf = LeNet.configuration(LeNetArchitecture.paper(), LeNet.mnistSettings(
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.inputAndAllHidden()), 1));
        assertEquals(new SignPerturbation(0.1), conf.getConf(0).getLayer().getIDropout());
        assertNull(conf.getConf(1).getLayer().getIDropout(), "pooling ignores IDropout");
        assertEquals(new SignPerturbation(0.1), conf.getConf(2).getLayer().getIDropout());
        assertEquals(new SignPerturbation(0.1), conf.getConf(4).getLayer().getIDropout());
        assertInstanceOf(ChainedDropout.class, conf.getConf(5).getLayer().getIDropout());
    }

    @Test
    void optionsRejectBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new LeNetArchitecture(1.0, CNN2DFormat.NHWC));
        assertThrows(IllegalArgumentException.class, () -> LeNet.configuration(LeNetArchitecture.paper(),
                new ModelSettings(new InputShape(1, 12, 12, 10), PixelNormalization.identity(1),
                        PerturbationSettings.none(), LeNet.caffeOptimizer(), 1)));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.constant(-1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new PerturbationSettings(Double.NaN, 0.5,
                PerturbationPlacement.input()));
    }
}
