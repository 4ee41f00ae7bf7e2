package org.rtrain.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GroupedConvolutionTest {

    private static final int IN = 6;
    private static final int OUT = 9;
    private static final int GROUPS = 3;

    @Test
    void groupedConvolutionEqualsTheBlockDiagonalDenseConvolution() {
        ComputationGraphConfiguration.GraphBuilder grouped = new NeuralNetConfiguration.Builder().seed(3)
                .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(5, 5, IN));
        GroupedConvolution conv = new GroupedConvolution.Builder(3).nIn(IN).nOut(OUT).groups(GROUPS).padding(1).build();
        conv.addTo(grouped, "conv", "in");
        ComputationGraph groupedNet = new ComputationGraph(grouped.setOutputs("conv").build());
        groupedNet.init();

        ComputationGraph denseNet = new ComputationGraph(new NeuralNetConfiguration.Builder().updater(new NoOp())
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(5, 5, IN))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(OUT).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("conv").build());
        denseNet.init();
        INDArray dense = denseNet.getLayer("conv").getParam("W");
        dense.assign(0);
        for (int g = 0; g < GROUPS; g++) {
            INDArray block = groupedNet.getLayer(conv.groupLayerName("conv", g)).getParam("W");
            dense.get(NDArrayIndex.interval(g * 3, g * 3 + 3), NDArrayIndex.interval(g * 2, g * 2 + 2),
                    NDArrayIndex.all(), NDArrayIndex.all()).assign(block);
        }
        assertEquals(dense.length() / GROUPS, groupedNet.numParams(), "one group-th of the dense weights");

        INDArray x = Nd4j.rand(DataType.FLOAT, 2, IN, 5, 5).subi(0.5);
        INDArray expected = denseNet.outputSingle(x);
        assertTrue(expected.equalsWithEps(groupedNet.outputSingle(x), 1e-5), "forward pass differs");

        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 2, OUT, 5, 5);
        Gradient denseGradient = backprop(denseNet, x, epsilon);
        Gradient groupedGradient = backprop(groupedNet, x, epsilon);
        for (int g = 0; g < GROUPS; g++) {
            INDArray block = denseGradient.getGradientFor("conv_W").get(NDArrayIndex.interval(g * 3, g * 3 + 3),
                    NDArrayIndex.interval(g * 2, g * 2 + 2), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(block.equalsWithEps(groupedGradient.getGradientFor(conv.groupLayerName("conv", g) + "_W"), 1e-4),
                    "weight gradient of group " + g + " differs");
        }
    }

    private static Gradient backprop(ComputationGraph net, INDArray x, INDArray epsilon) {
        net.feedForward(new INDArray[] {x}, true, false);
        return net.backpropGradient(epsilon);
    }

    @Test
    void channelSelectionPassesAGradientCheckAndSurvivesJson() {
        GradientChecks.inDoublePrecision(() -> {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).graphBuilder().addInputs("in")
                    .setInputTypes(InputType.convolutional(3, 3, 5))
                    .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(6).activation(Activation.TANH).build(), "in")
                    .addVertex("permuted", new ChannelSelectVertex(new int[] {4, 0, 5, 2}), "conv")
                    .addVertex("range", ChannelSelectVertex.range(1, 3), "conv")
                    .addLayer("dense", new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build(), "permuted")
                    .addVertex("features", new ChannelSelectVertex(new int[] {6, 1, 3}), "dense")
                    .addVertex("merged", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "features", "rangeFlat")
                    .addLayer("rangeFlat", new DenseLayer.Builder().nOut(2).activation(Activation.TANH).build(), "range")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build(), "merged")
                    .setOutputs("out").build();
            assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5, 3, 3);
            INDArray y = Nd4j.eye(3).castTo(DataType.DOUBLE).getRows(0, 2);
            assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(net, new INDArray[] {x}, new INDArray[] {y},
                    1e-9)));
        });
    }

    @Test
    void channelSelectionPicksTheNamedChannelsAndRejectsBadOnes() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(2, 2, 4))
                .addVertex("select", new ChannelSelectVertex(new int[] {3, 1}), "in").setOutputs("select").build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 2, 2);
        INDArray out = net.outputSingle(x);
        assertEquals(x.get(NDArrayIndex.all(), NDArrayIndex.point(3)), out.get(NDArrayIndex.all(), NDArrayIndex.point(0)));
        assertEquals(x.get(NDArrayIndex.all(), NDArrayIndex.point(1)), out.get(NDArrayIndex.all(), NDArrayIndex.point(1)));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSelectVertex(new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSelectVertex(new int[] {}));
        assertThrows(IllegalArgumentException.class,
                () -> new GroupedConvolution.Builder(3).nIn(6).nOut(8).groups(4).padding(1).build());
        assertThrows(IllegalArgumentException.class, () -> new GroupedConvolution.Builder(3).nOut(8).build());
        assertEquals(new GroupedConvolution(6, 9, 3, 3, 2, 1),
                new GroupedConvolution.Builder(3).nIn(6).nOut(9).groups(3).stride(2).padding(1).build());
        Exception tooFew = assertThrows(Exception.class, () -> new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(2, 2, 4))
                .addVertex("select", new ChannelSelectVertex(new int[] {4}), "in").setOutputs("select").build());
        assertTrue(String.valueOf(tooFew.getMessage()).contains("channel 4"), tooFew.getMessage());
    }
}
