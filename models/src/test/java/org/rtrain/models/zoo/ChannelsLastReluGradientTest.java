package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * Records a DL4J 1.0.0-M2.1 fault the zoo works around: on the oneDNN helper, a channels-last
 * convolution with a built-in ReLU gets a wrong weight gradient (the stock im2col path and
 * channels-first are right; so is a built-in tanh). A linear convolution followed by an
 * {@code ActivationLayer} is right. Should a DL4J upgrade fix the fault, the first test fails and the
 * workaround can go.
 */
class ChannelsLastReluGradientTest {

    @AfterEach
    void restoreDefault() {
        System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
    }

    private static MultiLayerNetwork network(boolean helpers, boolean separateActivation) {
        System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, Boolean.toString(!helpers));
        NativeFastPath.enable();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).dataFormat(CNN2DFormat.NHWC)
                        .activation(separateActivation ? Activation.IDENTITY : Activation.RELU).build());
        if (separateActivation) {
            list.layer(new ActivationLayer(Activation.RELU));
        }
        MultiLayerConfiguration conf = list
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(10, 10).stride(1, 1)
                        .dataFormat(CNN2DFormat.NHWC).build())
                .layer(new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 1, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static INDArray firstWeightGradient(MultiLayerNetwork network) {
        INDArray x = Nd4j.linspace(-1, 1, 4 * 12 * 12, DataType.FLOAT).reshape(4, 12, 12, 1);
        network.setInput(x);
        network.setLabels(Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.FLOAT));
        network.computeGradientAndScore();
        return network.gradient().getGradientFor("0_W").dup();
    }

    @Test
    void oneDnnMiscomputesTheWeightGradientOfAChannelsLastConvolutionWithBuiltInRelu() {
        INDArray stock = firstWeightGradient(network(false, false));
        MultiLayerNetwork fast = network(true, false);
        NativeFastPath.requireOnFastPath(fast);
        INDArray helper = firstWeightGradient(fast);
        assertTrue(stock.sub(helper).norm2Number().doubleValue() > 0.1 * stock.norm2Number().doubleValue(),
                "DL4J's oneDNN NHWC convolution now backpropagates a built-in ReLU correctly: " + stock + " vs "
                        + helper);
    }

    @Test
    void linearConvolutionWithASeparateReluIsRightOnOneDnn() {
        INDArray stock = firstWeightGradient(network(false, true));
        MultiLayerNetwork fast = network(true, true);
        NativeFastPath.requireOnFastPath(fast);
        INDArray helper = firstWeightGradient(fast);
        assertEquals(0.0, stock.sub(helper).norm2Number().doubleValue(), 1e-5 * stock.norm2Number().doubleValue());
    }
}
