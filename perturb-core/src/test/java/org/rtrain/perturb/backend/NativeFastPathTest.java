package org.rtrain.perturb.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeFastPathTest {

    @AfterEach
    void restoreDefault() {
        System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
    }

    private static MultiLayerNetwork convNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void stockDl4jLeavesConvolutionAndPoolingOffTheNativePath() {
        System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        NativeFastPath.enable();
        List<String> off = NativeFastPath.layersOffFastPath(convNet());
        assertEquals(2, off.size(), "stock DL4J M2.1 was expected to have no helpers: " + off);
        assertThrows(IllegalStateException.class, () -> NativeFastPath.requireOnFastPath(convNet()));
    }

    private static ComputationGraph convGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(10, 10, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        "bn")
                .addLayer("out", new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void graphsAreCheckedLayerByLayerToo() {
        System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        NativeFastPath.enable();
        ComputationGraph stock = convGraph();
        assertEquals(3, NativeFastPath.layersOffFastPath(stock).size(), "conv, bn and pool: "
                + NativeFastPath.layersOffFastPath(stock));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeFastPath.requireOnFastPath(stock));
        assertTrue(e.getMessage().contains("bn"), e.getMessage());
        System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        NativeFastPath.enable();
        NativeFastPath.requireOnFastPath(convGraph());
    }

    @Test
    void enabledNetworksRunConvolutionAndPoolingOnOneDnnWithTheSameResults() {
        System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        MultiLayerNetwork stock = convNet();
        System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        NativeFastPath.enable();
        assertTrue(NativeFastPath.isEnabled());
        MultiLayerNetwork fast = convNet();
        NativeFastPath.requireOnFastPath(fast);

        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 10, 10);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1).castTo(DataType.FLOAT);
        assertTrue(stock.output(x).equalsWithEps(fast.output(x), 1e-5), "oneDNN forward differs from im2col");
        stock.setInput(x);
        stock.setLabels(y);
        stock.computeGradientAndScore();
        fast.setInput(x);
        fast.setLabels(y);
        fast.computeGradientAndScore();
        assertTrue(stock.gradient().gradient().equalsWithEps(fast.gradient().gradient(), 1e-4),
                "oneDNN gradient differs from im2col");
    }
}
