package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.junit.jupiter.api.Test;
import org.rtrain.models.count.ParameterCount;
import org.rtrain.models.training.OptimizerSettings;

class WideResNetTest {

    private static final OptimizerSettings SGD = OptimizerSettings.constant(0.05, 0.9, 0);

    @Test
    void publishedSizesHaveThePublishedParameterCounts() {
        ModelSettings cifar10 = ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(), SGD);
        long wrn28x10 = ParameterCount.trainable(WideResNetArchitecture.cifar(28, 10).network(cifar10));
        assertEquals(WideResNet.PUBLISHED_PARAMETERS_WRN_28_10, wrn28x10, 0.02 * WideResNet.PUBLISHED_PARAMETERS_WRN_28_10);
        long wrn16x8 = ParameterCount.trainable(WideResNetArchitecture.svhn(16, 8).network(cifar10));
        assertEquals(WideResNet.PUBLISHED_PARAMETERS_WRN_16_8, wrn16x8, 0.02 * WideResNet.PUBLISHED_PARAMETERS_WRN_16_8);
    }

    @Test
    void smallNetworkGoesForwardAndBackwardWithFiniteNonZeroGradientsOnTheNativePath() {
        ZooFixtures.assertSmallNetworkGetsGradientsOnTheNativePath(
                new WideResNetArchitecture(10, 1, 0.3, CNN2DFormat.NHWC), SGD);
    }

    @Test
    void channelsFirstAndChannelsLastComputeTheSameLossAndGradients() {
        ZooFixtures.assertSmallNetworkLayoutsAgree(format -> new WideResNetArchitecture(10, 2, 0.0, format), SGD);
    }

    @Test
    void dropoutSitsBetweenTheConvolutionsAndThePerturbationGoesOnConvolutionInputs() {
        ComputationGraphConfiguration conf = WideResNet.configuration(WideResNetArchitecture.cifar(16, 1),
                ZooFixtures.settings(3, 32, 10, ZooFixtures.perturbationEverywhere(), SGD));
        assertEquals(List.of("input_perturbed"), conf.getVertexInputs().get("conv1"), "network input");
        assertEquals(List.of("s1b1_relu1_perturbed"), conf.getVertexInputs().get("s1b1_conv1"), "first convolution");
        assertEquals(List.of("s2b1_relu1_perturbed"), conf.getVertexInputs().get("s2b1_shortcut"),
                "the 1x1 shortcut shares the first convolution's draw");
        assertEquals(List.of("s2b1_relu1_perturbed"), conf.getVertexInputs().get("s2b1_conv1"));
        assertTrue(ZooFixtures.readsPerturbed(conf, "output"), "classifier");
        assertEquals(new Dropout(0.7), ZooFixtures.layer(conf, "s3b2_conv2").getIDropout(),
                "the block's dropout 0.3 (DL4J keeps 0.7) acts after the perturbation vertex");
        assertTrue(ZooFixtures.readsPerturbed(conf, "s3b2_conv2"));
        assertFalse(ZooFixtures.readsPerturbed(conf, "s1b1_bn1"),
                "a block input is read by batch norm and the identity shortcut, no weights");
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));

        ComputationGraphConfiguration plain = WideResNet.configuration(WideResNetArchitecture.cifar(16, 1),
                ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(), SGD));
        assertEquals(new Dropout(0.7), ZooFixtures.layer(plain, "s2b2_conv2").getIDropout());
        assertNull(ZooFixtures.layer(plain, "s2b2_conv1").getIDropout());
        assertEquals(plain, ComputationGraphConfiguration.fromJson(plain.toJson()));
    }

    @Test
    void smokeTrainingReducesTheLossWithAndWithoutThePerturbation() {
        ZooFixtures.assertSmallNetworkTrainsWithAndWithoutThePerturbation(
                new WideResNetArchitecture(10, 1, 0.3, CNN2DFormat.NHWC), SGD);
    }

    @Test
    void optionsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WideResNetArchitecture(20, 8, 0.3, CNN2DFormat.NCHW));
        assertTrue(e.getMessage().contains("6n + 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WideResNetArchitecture(16, 0, 0.3, CNN2DFormat.NCHW));
        assertThrows(IllegalArgumentException.class, () -> new WideResNetArchitecture(16, 8, 1.0, CNN2DFormat.NCHW));
    }
}
