package org.rtrain.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.models.count.ParameterCount;

class PixelNormalizationPreProcessorTest {

    private static final PixelNormalization NORMALIZATION = new PixelNormalization(List.of(0.5, 0.25), List.of(0.2, 0.5));

    @Test
    void normalisesEachChannelInBothLayoutsWithoutTouchingTheInput() {
        INDArray nchw = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 3);
        INDArray before = nchw.dup();
        INDArray out = PixelNormalizationPreProcessor.of(NORMALIZATION, CNN2DFormat.NCHW)
                .preProcess(nchw, 2, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(before, nchw, "input mutated");
        assertEquals((nchw.getDouble(1, 1, 2, 0) - 0.25) / 0.5, out.getDouble(1, 1, 2, 0), 1e-6);
        assertEquals((nchw.getDouble(0, 0, 1, 1) - 0.5) / 0.2, out.getDouble(0, 0, 1, 1), 1e-6);

        INDArray nhwc = nchw.permute(0, 2, 3, 1).dup('c');
        INDArray outNhwc = PixelNormalizationPreProcessor.of(NORMALIZATION, CNN2DFormat.NHWC)
                .preProcess(nhwc, 2, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(out, outNhwc.permute(0, 3, 1, 2));

        INDArray gradient = PixelNormalizationPreProcessor.of(NORMALIZATION, CNN2DFormat.NCHW)
                .backprop(Nd4j.ones(DataType.FLOAT, 2, 2, 3, 3), 2, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(1 / 0.2, gradient.getDouble(0, 0, 0, 0), 1e-5);
        assertEquals(1 / 0.5, gradient.getDouble(1, 1, 2, 2), 1e-5);
    }

    @Test
    void gradientThroughTheNetworkMatchesFiniteDifferencesAndSurvivesJson() {
        GradientChecks.inDoublePrecision(() -> {
            checkGradientThroughNetwork();
        });
    }

    private static void checkGradientThroughNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(0, PixelNormalizationPreProcessor.of(NORMALIZATION, CNN2DFormat.NCHW))
                .setInputType(InputType.convolutional(4, 4, 2)).build();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4, 4);
        INDArray y = Nd4j.eye(2).castTo(DataType.DOUBLE).getRows(0, 1, 0);
        assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(net, x, y, 1e-9)));
        INDArray inputGradient = net.calculateGradients(x, y, null, null).getSecond();
        double h = 1e-6;
        INDArray shifted = x.dup();
        shifted.putScalar(new long[] {1, 1, 2, 3}, x.getDouble(1, 1, 2, 3) + h);
        double numeric = (net.score(new org.nd4j.linalg.dataset.DataSet(shifted, y)) - net.score(
                new org.nd4j.linalg.dataset.DataSet(x, y))) / h * 3;
        assertEquals(numeric, inputGradient.getDouble(1, 1, 2, 3), 1e-4, "input gradient through the normalisation");
    }

    @Test
    void rejectsMismatchedChannelsAndBadStatistics() {
        PixelNormalizationPreProcessor threeChannels = PixelNormalizationPreProcessor.of(
                new PixelNormalization(List.of(0.1, 0.2, 0.3), List.of(1.0, 1.0, 1.0)), CNN2DFormat.NCHW);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> threeChannels.preProcess(Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4), 1, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PixelNormalization(List.of(0.1), List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> new PixelNormalization(List.of(0.1, 0.2), List.of(1.0)));
    }

    @Test
    void trainableParametersLeaveOutBatchNormStatistics() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 5, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        long conv = 3 * 3 * 4 + 4;
        long batchNormScaleAndShift = 2 * 4;
        long output = 3 * 3 * 4 * 2 + 2;
        assertEquals(conv + batchNormScaleAndShift + output, ParameterCount.trainable(net));
        assertEquals(ParameterCount.trainable(net) + 2 * 4, net.numParams(), "DL4J also counts the two statistics");
    }
}
