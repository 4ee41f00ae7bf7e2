package org.rtrain.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.perturb.backend.NativeFastPath;

class LearnedGroupConvolutionTest {

    /** in 8 -> LGC (8 -> 4, G = 2, C = 4) -> softmax over 3 classes. */
    private static ComputationGraph network(double lasso, DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(3, 3, 8))
                .addLayer("lgc", new LearnedGroupConvolution.Builder().nIn(8).nOut(4).groups(2).condenseFactor(4)
                        .groupLassoCoefficient(lasso).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "lgc")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static LearnedGroupConvolution conf(ComputationGraph net) {
        return (LearnedGroupConvolution) net.getLayer("lgc").conf().getLayer();
    }

    @Test
    void masksTheForwardPassAndTheWeightGradient() {
        NativeFastPath.enable();
        ComputationGraph net = network(0, DataType.FLOAT);
        assertEquals(List.of(), NativeFastPath.layersOffFastPath(net));
        INDArray w = net.getLayer("lgc").getParam("W");
        conf(net).pruneToStage(2, w);
        boolean[][] mask = conf(net).mask();

        ComputationGraph plain = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(3, 3, 8))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(4).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "in").setOutputs("conv").build());
        plain.init();
        INDArray masked = w.dup();
        for (int o = 0; o < 4; o++) {
            for (int c = 0; c < 8; c++) {
                if (!mask[o % 2][c]) {
                    masked.putScalar(new long[] {o, c, 0, 0}, 0);
                }
            }
        }
        plain.getLayer("conv").setParam("W", masked);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 3, 3);
        INDArray lgcOut = net.feedForward(x, false).get("lgc");
        assertTrue(plain.outputSingle(x).equalsWithEps(lgcOut, 1e-5), "forward pass is not the masked convolution");

        net.setInputs(x);
        net.setLabels(Nd4j.eye(3).castTo(DataType.FLOAT).getRows(0, 1));
        net.computeGradientAndScore();
        INDArray gradient = net.gradient().getGradientFor("lgc_W");
        for (int o = 0; o < 4; o++) {
            for (int c = 0; c < 8; c++) {
                double g = gradient.getDouble(o, c, 0, 0);
                assertEquals(!mask[o % 2][c], g == 0.0, "gradient of W[" + o + "," + c + "] is " + g);
            }
        }
    }

    @Test
    void passesAGradientCheckWithAPartialMaskAndTheGroupLasso() {
        GradientChecks.inDoublePrecision(() -> {
            ComputationGraph net = network(0.05, DataType.DOUBLE);
            conf(net).pruneToStage(1, net.getLayer("lgc").getParam("W"));
            assertInstanceOf(GroupLassoRegularization.class,
                    net.getLayer("lgc").conf().getLayer().getRegularizationByParam("W").get(0),
                    "the group lasso is active before the last stage");
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 8, 3, 3);
            INDArray y = Nd4j.eye(3).castTo(DataType.DOUBLE);
            assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(net, new INDArray[] {x}, new INDArray[] {y},
                    1e-9)));
        });
    }

    @Test
    void groupLassoScoreIsTheSumOfGroupColumnNormsAndStopsAtTheLastStage() {
        ComputationGraph net = network(0.5, DataType.DOUBLE);
        INDArray w = Nd4j.arange(32).castTo(DataType.DOUBLE).reshape(4, 8, 1, 1).subi(10);
        net.getLayer("lgc").setParam("W", w);
        double expected = 0;
        for (int g = 0; g < 2; g++) {
            for (int c = 0; c < 8; c++) {
                double a = w.getDouble(g, c, 0, 0);
                double b = w.getDouble(g + 2, c, 0, 0);
                expected += Math.sqrt(Math.max(a * a + b * b, 1e-6));
            }
        }
        assertEquals(0.5 * expected, net.calcRegularizationScore(true), 1e-9);
        conf(net).pruneToStage(3, w);
        assertEquals(0.0, net.calcRegularizationScore(true), 0.0);
    }

    @Test
    void prunesTheInputsWithTheSmallestL1NormPerGroupStageByStage() {
        ComputationGraph net = network(0, DataType.DOUBLE);
        // Group 0 = outputs 0 and 2, group 1 = outputs 1 and 3. Importance of input c: group 0: c, group 1: 8 - c.
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 4, 8, 1, 1);
        for (int c = 0; c < 8; c++) {
            w.putScalar(new long[] {0, c, 0, 0}, c * 0.5);
            w.putScalar(new long[] {2, c, 0, 0}, -c * 0.5);
            w.putScalar(new long[] {1, c, 0, 0}, 8 - c);
        }
        LearnedGroupConvolution lgc = conf(net);
        assertEquals(0, lgc.stage());
        lgc.pruneToStage(1, w);
        assertEquals(1, lgc.stage());
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7}, lgc.keptInputs(0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, lgc.keptInputs(1));
        lgc.pruneToStage(3, w);
        assertEquals(3, lgc.finalStage());
        assertArrayEquals(new int[] {6, 7}, lgc.keptInputs(0));
        assertArrayEquals(new int[] {0, 1}, lgc.keptInputs(1));
        lgc.pruneToStage(1, w);
        assertArrayEquals(new int[] {6, 7}, lgc.keptInputs(0), "a stage already passed prunes nothing");
        assertThrows(IllegalArgumentException.class, () -> lgc.pruneToStage(4, w));
    }

    @Test
    void scheduleFollowsTheOfficialStagesOverTheFirstHalfOfTraining() {
        assertEquals(0, LearnedGroupConvolution.stageAt(0.0, 4));
        assertEquals(0, LearnedGroupConvolution.stageAt(1.0 / 6 - 1e-9, 4));
        assertEquals(1, LearnedGroupConvolution.stageAt(1.0 / 6, 4));
        assertEquals(2, LearnedGroupConvolution.stageAt(1.0 / 3, 4));
        assertEquals(3, LearnedGroupConvolution.stageAt(0.5, 4));
        assertEquals(3, LearnedGroupConvolution.stageAt(1.0, 4));
        assertEquals(7, LearnedGroupConvolution.stageAt(0.5, 8));
        assertEquals(6, LearnedGroupConvolution.stageAt(0.49, 8));
    }

    @Test
    void maskSurvivesJsonAndCloning() {
        ComputationGraph net = network(0.1, DataType.FLOAT);
        conf(net).pruneToStage(2, net.getLayer("lgc").getParam("W"));
        ComputationGraphConfiguration conf = net.getConfiguration();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        ComputationGraph copy = new ComputationGraph(restored);
        copy.init(net.params().dup(), false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 3, 3);
        assertEquals(net.outputSingle(x), copy.outputSingle(x));

        LearnedGroupConvolution clone = conf(net).clone();
        clone.pruneToStage(3, net.getLayer("lgc").getParam("W"));
        assertEquals(2, conf(net).stage(), "pruning a clone changed the original");
        assertNotEquals(conf(net), clone);
        assertThrows(IllegalArgumentException.class,
                () -> new LearnedGroupConvolution.Builder().nIn(6).nOut(4).groups(2).condenseFactor(4).build());
        assertThrows(IllegalArgumentException.class, () -> new LearnedGroupConvolution.Builder().nIn(8).nOut(4)
                .groups(2).condenseFactor(4).groupLassoCoefficient(-1).build());
        assertThrows(IllegalArgumentException.class, () -> new LearnedGroupConvolution.Builder().nOut(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> new LearnedGroupConvolution.Builder().nIn(8).nOut(4).kernelSize(3, 3).build());
        assertThrows(IllegalArgumentException.class,
                () -> new LearnedGroupConvolution.Builder().nIn(8).nOut(4).activation(Activation.RELU).build());
    }
}
