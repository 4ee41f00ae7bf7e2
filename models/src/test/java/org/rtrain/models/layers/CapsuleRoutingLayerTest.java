package org.rtrain.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CapsuleLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.models.zoo.ZooFixtures;
import org.rtrain.perturb.SignPerturbation;

class CapsuleRoutingLayerTest {

    private static final int INPUT_CAPSULES = 5;
    private static final int INPUT_DIMENSIONS = 3;
    private static final int CAPSULES = 4;
    private static final int DIMENSIONS = 2;

    /** capsules input -> routing layer -> lengths -> MSE, in double precision without an updater. */
    private static ComputationGraph graph(Layer routing) {
        return withLengthLoss(doublePrecision(11)
                .addInputs("capsules").setInputTypes(InputType.recurrent(INPUT_CAPSULES, INPUT_DIMENSIONS)), routing);
    }

    /** A graph builder in double precision without an updater. */
    private static ComputationGraphConfiguration.GraphBuilder doublePrecision(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder();
    }

    /** The network of {@code graph}, whose vertex "capsules" {@code routing} reads, then lengths and MSE. */
    private static ComputationGraph withLengthLoss(ComputationGraphConfiguration.GraphBuilder graph, Layer routing) {
        ComputationGraphConfiguration conf = graph
                .addLayer("routing", routing, "capsules")
                .addVertex("lengths", new CapsuleLengthVertex(), "routing")
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "lengths")
                .setOutputs("loss").build();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        return network;
    }

    private static INDArray capsules(int batch) {
        return Nd4j.rand(DataType.DOUBLE, batch, INPUT_CAPSULES, INPUT_DIMENSIONS).subi(0.5).muli(2);
    }

    @Test
    void computesDl4jsCapsuleLayerFunctionWhoseGradientIsTwiceTheTrueOne() {
        GradientChecks.inDoublePrecision(() -> {
            for (int routings : new int[] {1, 3}) {
                ComputationGraph ours = graph(new CapsuleRoutingLayer.Builder(CAPSULES, DIMENSIONS, routings).build());
                ComputationGraph dl4j = graph(new CapsuleLayer.Builder(CAPSULES, DIMENSIONS, routings).hasBias(true)
                        .build());
                // DL4J's weight is [1, in capsules, capsules * dims, in dims, 1]; ours [in capsules, in dims, capsules * dims].
                INDArray weight = ours.getParam("routing_W");
                dl4j.getVertex("routing").paramTable(false).get("weight")
                        .assign(weight.permute(0, 2, 1).reshape(1, INPUT_CAPSULES, CAPSULES * DIMENSIONS,
                                INPUT_DIMENSIONS, 1));
                dl4j.getVertex("routing").paramTable(false).get("bias").assign(Nd4j.rand(DataType.DOUBLE,
                        1, 1, CAPSULES, DIMENSIONS, 1));
                ours.getParam("routing_b").assign(dl4j.getVertex("routing").paramTable(false).get("bias")
                        .reshape(CAPSULES, DIMENSIONS));
                INDArray x = capsules(3);
                // DL4J's squash adds 1e-5 under the square root, ours 1e-9: the functions differ by ~1e-5 / |s|^2.
                assertTrue(dl4j.feedForward(x, false).get("routing").equalsWithEps(
                        ours.feedForward(x, false).get("routing"), 1e-4), "routings " + routings);

                INDArray y = Nd4j.rand(DataType.DOUBLE, 3, CAPSULES);
                INDArray ourGradient = ZooFixtures.gradients(ours, new INDArray[] {x}, new INDArray[] {y})
                        .get("routing_W");
                INDArray dl4jGradient = ZooFixtures.gradients(dl4j, new INDArray[] {x}, new INDArray[] {y})
                        .get("routing_weight").reshape(INPUT_CAPSULES, CAPSULES * DIMENSIONS, INPUT_DIMENSIONS)
                        .permute(0, 2, 1);
                assertTrue(ourGradient.mul(2).equalsWithEps(dl4jGradient, 1e-3 * ourGradient.amaxNumber().doubleValue()),
                        "DL4J's SameDiff CapsuleLayer no longer doubles its gradient: remove this note");
            }
        });
    }

    @Test
    void gradientMatchesFiniteDifferencesForOneTwoAndThreeRoutings() {
        GradientChecks.inDoublePrecision(() -> {
            for (int routings = 1; routings <= 3; routings++) {
                ComputationGraph graph = graph(new CapsuleRoutingLayer.Builder(CAPSULES, DIMENSIONS, routings).build());
                assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(graph, new INDArray[] {capsules(4)},
                        new INDArray[] {Nd4j.rand(DataType.DOUBLE, 4, CAPSULES)}, 1e-10)), "routings " + routings);
            }
        });
    }

    @Test
    void inputGradientAndItsDropoutMatchFiniteDifferences() {
        GradientChecks.inDoublePrecision(() -> {
            // A convolution in front turns the layer's input gradient into parameter gradients the check sees;
            // the sign perturbation on the routing layer's input must be backpropagated too.
            CapsuleRoutingLayer routing = new CapsuleRoutingLayer.Builder(CAPSULES, DIMENSIONS, 3).build();
            routing.setIDropout(new SignPerturbation(0.2));
            ComputationGraph graph = withLengthLoss(doublePrecision(12)
                    .addInputs("features").setInputTypes(InputType.convolutional(1, 1, 4, CNN2DFormat.NHWC))
                    .addLayer("values", new ConvolutionLayer.Builder(1, 1).nOut(INPUT_CAPSULES * INPUT_DIMENSIONS)
                            .activation(Activation.TANH).dataFormat(CNN2DFormat.NHWC).build(), "features")
                    .addVertex("capsules", new CapsuleSquashVertex(INPUT_DIMENSIONS, CNN2DFormat.NHWC), "values"),
                    routing);
            assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(graph,
                    new INDArray[] {Nd4j.rand(DataType.DOUBLE, 3, 1, 1, 4).subi(0.5)},
                    new INDArray[] {Nd4j.rand(DataType.DOUBLE, 3, CAPSULES)}, 1e-10)
                    .callEachIter(g -> Nd4j.getRandom().setSeed(5))));
        });
    }

    @Test
    void survivesJsonAndRejectsBadInputs() {
        ComputationGraphConfiguration conf = graph(new CapsuleRoutingLayer.Builder(CAPSULES, DIMENSIONS, 3)
                .build()).getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertThrows(IllegalArgumentException.class, () -> new CapsuleRoutingLayer.Builder(10, 16, 0).build());
        IllegalStateException type = assertThrows(IllegalStateException.class,
                () -> new CapsuleRoutingLayer.Builder(10, 16, 3).build().setNIn(InputType.feedForward(8), true));
        assertTrue(type.getMessage().contains("recurrent"), type.getMessage());
        ComputationGraph graph = graph(new CapsuleRoutingLayer.Builder(CAPSULES, DIMENSIONS, 3).build());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> graph.output(Nd4j.rand(DataType.DOUBLE, 2, INPUT_CAPSULES + 1, INPUT_DIMENSIONS)));
        assertTrue(shape.getMessage().contains("[batch, 5, 3]"), shape.getMessage());
    }
}
