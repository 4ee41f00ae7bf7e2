package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.rtrain.models.count.ParameterCount;
import org.rtrain.models.layers.StochasticDepthVertex;
import org.rtrain.models.training.OptimizerSettings;

class StochasticDepthResNetTest {

    private static final OptimizerSettings SGD = OptimizerSettings.constant(0.05, 0.9, 0);

    @Test
    void resNet110HasThePublishedParameterCount() {
        long parameters = ParameterCount.trainable(StochasticDepthResNetArchitecture.paper()
                .network(ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(), SGD)));
        assertEquals(StochasticDepthResNet.PUBLISHED_PARAMETERS, parameters,
                0.02 * StochasticDepthResNet.PUBLISHED_PARAMETERS);
    }

    @Test
    void survivalDecaysLinearlyToTheFinalProbabilityOverTheBlocks() {
        StochasticDepthResNetArchitecture resNet110 = StochasticDepthResNetArchitecture.paper();
        assertEquals(18, resNet110.blocksPerStage());
        assertEquals(1 - 0.5 / 54, resNet110.survivalProbability(1), 1e-12);
        assertEquals(0.75, resNet110.survivalProbability(27), 1e-12);
        assertEquals(0.5, resNet110.survivalProbability(54), 1e-12);
        ComputationGraphConfiguration conf = StochasticDepthResNet.configuration(resNet110,
                ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(), SGD));
        List<StochasticDepthVertex> merges = conf.getVertices().values().stream()
                .filter(StochasticDepthVertex.class::isInstance).map(StochasticDepthVertex.class::cast).toList();
        assertEquals(54, merges.size());
        assertEquals(new StochasticDepthVertex(0.75), conf.getVertices().get("s2b9_add"));
        assertEquals(new StochasticDepthVertex(0.5), conf.getVertices().get("s3b18_add"));
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void smallNetworkGoesForwardAndBackwardWithFiniteNonZeroGradientsOnTheNativePath() {
        // Survival 1 keeps every block, so every parameter must get a gradient.
        ZooFixtures.assertSmallNetworkGetsGradientsOnTheNativePath(
                new StochasticDepthResNetArchitecture(8, 4, 1.0, CNN2DFormat.NCHW), SGD);
    }

    @Test
    void channelsFirstAndChannelsLastComputeTheSameLossAndGradients() {
        // Downsampling blocks exercise the pooled, zero-padded shortcut (MergeVertex) in both layouts.
        ZooFixtures.assertSmallNetworkLayoutsAgree(format -> new StochasticDepthResNetArchitecture(8, 4, 1.0, format),
                SGD);
    }

    @Test
    void perturbationGoesOnConvolutionAndClassifierInputs() {
        ComputationGraphConfiguration conf = StochasticDepthResNet.configuration(
                new StochasticDepthResNetArchitecture(14, 4, 0.5, CNN2DFormat.NCHW),
                ZooFixtures.settings(3, 16, 10, ZooFixtures.perturbationEverywhere(), SGD));
        assertTrue(ZooFixtures.readsPerturbed(conf, "conv1"), "network input");
        assertTrue(ZooFixtures.readsPerturbed(conf, "s1b1_conv1"), "block input");
        assertTrue(ZooFixtures.readsPerturbed(conf, "s3b2_conv2"), "inside a block");
        assertTrue(ZooFixtures.readsPerturbed(conf, "output"), "classifier");
        assertFalse(ZooFixtures.readsPerturbed(conf, "bn1"), "read by batch norm only");
        assertNull(ZooFixtures.layer(conf, "s1b1_conv1").getIDropout(), "one shared draw, none of the layer's own");
    }

    @Test
    void smokeTrainingReducesTheLossWithAndWithoutThePerturbation() {
        ZooFixtures.assertSmallNetworkTrainsWithAndWithoutThePerturbation(
                new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NCHW), SGD);
    }

    @Test
    void optionsAndInputsAreValidated() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepthResNetArchitecture(110 + 1, 16, 0.5, CNN2DFormat.NCHW));
        assertTrue(depth.getMessage().contains("6n + 2"), depth.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepthResNetArchitecture(110, 16, 0.0, CNN2DFormat.NCHW));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> StochasticDepthResNet.configuration(StochasticDepthResNetArchitecture.paper(),
                        ZooFixtures.settings(3, 30, 10, PerturbationSettings.none(), SGD)));
        assertTrue(size.getMessage().contains("multiples of 4"), size.getMessage());
    }
}
