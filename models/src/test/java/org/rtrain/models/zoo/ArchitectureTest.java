package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.layers.PixelNormalizationPreProcessor;
import org.rtrain.models.training.OptimizerSettings;

class ArchitectureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyArchitectureRoundTripsThroughJsonAsAnArchitecture() throws Exception {
        List<Architecture> all = List.of(LeNetArchitecture.paper(), CapsNetArchitecture.paper(),
                CapsNetArchitecture.paper().withReconstruction(true), StochasticDepthResNetArchitecture.paper(),
                WideResNetArchitecture.cifar(28, 10), WideResNetArchitecture.svhn(16, 8),
                new WideResNetArchitecture(16, 4, 0.0, CNN2DFormat.NHWC));
        for (Architecture architecture : all) {
            String json = JSON.writeValueAsString(architecture);
            assertEquals(architecture, JSON.readValue(json, Architecture.class), json);
        }
        assertEquals(new WideResNetArchitecture(16, 8, 0.3, CNN2DFormat.NCHW), JSON.readValue(
                "{\"type\":\"WideResNet\",\"depth\":16,\"widenFactor\":8,\"dropRate\":0.3,\"dataFormat\":\"NCHW\"}",
                Architecture.class));
    }

    @Test
    void leNetNormalisesItsInputInsideTheNetworkWhenAskedTo() {
        PixelNormalization normalization = new PixelNormalization(List.of(0.5), List.of(0.25));
        ModelSettings settings = new ModelSettings(new InputShape(1, 28, 28, 10), normalization,
                PerturbationSettings.none(), OptimizerSettings.constant(0.01, 0.9, 0), 4);
        MultiLayerNetwork normalised = LeNetArchitecture.paper().network(settings);
        MultiLayerConfiguration conf = normalised.getLayerWiseConfigurations();
        assertEquals(PixelNormalizationPreProcessor.of(normalization, CNN2DFormat.NHWC), conf.getInputPreProcess(0));
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));

        MultiLayerNetwork plain = LeNetArchitecture.paper().network(new ModelSettings(settings.input(),
                PixelNormalization.identity(1), settings.perturbation(), settings.optimizer(), 4));
        INDArray pixels = Nd4j.rand(DataType.FLOAT, 2, 28, 28, 1);
        INDArray expected = plain.output(pixels.sub(0.5).divi(0.25));
        assertTrue(expected.equalsWithEps(normalised.output(pixels), 1e-5),
                "the normalised network on pixels equals the plain one on normalised pixels");
    }

    @Test
    void channelsLastConvolutionsHaveNoBuiltInActivation() {
        // DL4J M2.1's oneDNN helper miscomputes the weight gradient of an NHWC convolution with a built-in
        // ReLU (ChannelsLastReluGradientTest), so every zoo convolution is linear and a separate layer activates.
        ModelSettings cifar = ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(),
                OptimizerSettings.constant(0.1, 0.9, 0));
        List<ComputationGraph> networks = List.of(
                new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NHWC).network(cifar),
                new WideResNetArchitecture(10, 1, 0.3, CNN2DFormat.NHWC).network(cifar),
                new CapsNetArchitecture(8, 4, 4, 6, 3, true, CNN2DFormat.NHWC).network(
                        ZooFixtures.settings(1, 28, 10, PerturbationSettings.none(),
                                OptimizerSettings.constant(0.1, 0.9, 0))));
        for (ComputationGraph network : networks) {
            ComputationGraphConfiguration conf = network.getConfiguration();
            int convolutions = 0;
            for (var vertex : conf.getVertices().entrySet()) {
                if (vertex.getValue() instanceof LayerVertex layerVertex
                        && layerVertex.getLayerConf().getLayer() instanceof ConvolutionLayer conv) {
                    assertInstanceOf(ActivationIdentity.class, conv.getActivationFn(), vertex.getKey());
                    convolutions++;
                }
            }
            assertTrue(convolutions >= 2, "found " + convolutions + " convolutions");
        }
    }
}
