package org.rtrain.models.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.rtrain.models.layers.GroupedConvolution;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.PerturbationSettings;

class MultiplyAddCounterTest {

    @Test
    void leNetMatchesTheHandCountExactly() {
        MultiLayerConfiguration conf = LeNet.configuration(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 1));
        MultiplyAddCount count = MultiplyAddCounter.count(conf, InputType.convolutional(28, 28, 1,
                org.deeplearning4j.nn.conf.CNN2DFormat.NHWC));
        // conv1 5x5x1x20 at 24x24, conv2 5x5x20x50 at 8x8, ip1 800x500, ip2 500x10.
        assertEquals(Map.of("0", 288_000L, "2", 1_600_000L, "4", 400_000L, "5", 5_000L), count.byLayer());
        assertEquals(2_293_000L, count.total());
    }

    @Test
    void depthwiseSeparableAndDeconvolutionFollowTheirFormulas() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("sep", new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(5)
                        .convolutionMode(ConvolutionMode.Same).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "sep")
                .addLayer("pool", new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(), "bn")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(3).build(), "pool")
                .addLayer("deconv", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(4).build(), "dw")
                .setOutputs("deconv")
                .build();
        MultiplyAddCount count = MultiplyAddCounter.count(conf, InputType.convolutional(8, 8, 3));
        long separable = (3 * 3 * 3 * 2 + 3 * 2 * 5) * 8 * 8;
        long depthwise = 3 * 3 * 5 * 3 * 2 * 2; // 4x4 input, 3x3 valid kernel: 2x2 output
        long deconvolution = 2 * 2 * 15 * 4 * 2 * 2; // per input position
        assertEquals(Map.of("sep", separable, "dw", depthwise, "deconv", deconvolution), count.byLayer());
        assertEquals(separable + depthwise + deconvolution, count.total());
    }

    @Test
    void groupedConvolutionCountsOneGroupthOfTheDenseConvolution() {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(6, 6, 8));
        new GroupedConvolution.Builder(3).nIn(8).nOut(12).groups(4).padding(1).build()
                .addTo(builder, "grouped", "in");
        builder.addLayer("dense", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).padding(1, 1)
                .nOut(12).build(), "in");
        builder.setOutputs("grouped", "dense");
        MultiplyAddCount count = MultiplyAddCounter.count(builder.build(), InputType.convolutional(6, 6, 8));
        long dense = 3 * 3 * 8 * 12 * 36;
        assertEquals(dense, count.byLayer().get("dense"));
        assertEquals(dense + dense / 4, count.total());
    }

    @Test
    void aLayerWithWeightsItDoesNotKnowIsAnErrorNotZero() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiplyAddCounter.count(conf, InputType.recurrent(3, 5)));
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("MultiplyAddCounted"), e.getMessage());
    }
}
