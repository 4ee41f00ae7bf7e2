package org.rtrain.attacks.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.attacks.AttackFixtures;

/** Input gradients against finite differences; its graphs serve other tests too. */
public class InputGradientTest {

    @Test
    void matchesFiniteDifferencesOfTheInferenceModeLoss() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        INDArray x = AttackFixtures.images(4, 1);
        INDArray y = AttackFixtures.labels(4);
        INDArray gradient = AttackFixtures.leavingAlone(x, () -> InputGradient.forModel(net).of(x, y));
        double worst = FiniteDifferences.worstRelativeError(x, gradient, in -> net.score(new DataSet(in, y), false), 7);
        assertTrue(worst < 1e-5, "relative error vs finite differences: " + worst);
    }

    @Test
    void isDeterministicDespiteDropoutAndFollowsTraining() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        InputGradient gradient = InputGradient.forModel(net);
        INDArray x = AttackFixtures.images(6, 2);
        INDArray y = AttackFixtures.labels(6);
        INDArray first = gradient.of(x, y);
        assertEquals(first, gradient.of(x, y));
        net.fit(new DataSet(x, y));
        assertTrue(!first.equals(gradient.of(x, y)), "the twin does not see the trained parameters");
    }

    /** in - conv a - conv b - (a + b) residual - merge with a - dense (dropout) - output. */
    static ComputationGraph residualMergeGraph() {
        return residualMergeHead(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .addLayer("a", convolution().build(), "in")
                .addLayer("b", convolution().dropOut(0.5).build(), "a"), "b");
    }

    /** A 3x3 same-padded tanh convolution with 2 filters, as every convolution of these graphs. */
    private static ConvolutionLayer.Builder convolution() {
        return new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.TANH);
    }

    /**
     * The initialised graph of {@code graph}, completed with (a + {@code branch}) residual - merge with a -
     * dense (dropout) - output.
     */
    private static ComputationGraph residualMergeHead(ComputationGraphConfiguration.GraphBuilder graph, String branch) {
        ComputationGraphConfiguration conf = graph
                .addVertex("residual", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", branch)
                .addVertex("merge", new MergeVertex(), "residual", "a")
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).dropOut(0.5).build(),
                        "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        return network;
    }

    @Test
    void graphWithResidualAndMergeMatchesFiniteDifferences() {
        assertGraphGradientMatchesFiniteDifferences(residualMergeGraph(), 4, "dropout was on");
    }

    @Test
    void batchNormUsesRunningStatisticsWhereTheStockGradientUsesTheBatch() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NCHW, false);
        INDArray x = AttackFixtures.images(5, 21);
        INDArray y = AttackFixtures.labels(5);
        INDArray gradient = AttackFixtures.leavingAlone(x, () -> InputGradient.forModel(net).of(x, y));
        ToDoubleFunction<INDArray> inferenceLoss = in -> net.score(new DataSet(in, y), false);
        double worst = FiniteDifferences.worstRelativeError(x, gradient, inferenceLoss, 3);
        assertTrue(worst < 1e-5, "relative error vs finite differences of output(x, false): " + worst);

        // DL4J's own input gradient normalises with the batch's statistics: a different function.
        INDArray stock = net.calculateGradients(x, y, null, null).getSecond();
        double stockWorst = FiniteDifferences.worstRelativeError(x, stock, inferenceLoss, 3);
        assertTrue(stockWorst > 0.1, "the stock training-mode gradient should be wrong here, error " + stockWorst);
    }

    @Test
    void batchNormTwinFollowsTrainingOfTheOriginal() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NCHW, false);
        InputGradient source = InputGradient.forModel(net);
        INDArray meanBefore = net.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();
        DataSet train = AttackFixtures.learnable(30, 22);
        for (int i = 0; i < 5; i++) {
            net.fit(train);
        }
        assertTrue(!meanBefore.equals(net.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)),
                "training did not move the running mean");
        INDArray x = AttackFixtures.images(4, 23);
        INDArray y = AttackFixtures.labels(4);
        double worst = FiniteDifferences.worstRelativeError(x, source.of(x, y),
                in -> net.score(new DataSet(in, y), false), 3);
        assertTrue(worst < 1e-5, "the twin lost track of the trained parameters: relative error " + worst);
    }

    @Test
    void batchNormInNhwcWithVarianceAndLockedGammaMatchesFiniteDifferences() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, true);
        INDArray x = AttackFixtures.channelsLast(AttackFixtures.images(4, 24));
        INDArray y = AttackFixtures.labels(4);
        INDArray gradient = InputGradient.forModel(net).of(x, y);
        assertArrayEquals(x.shape(), gradient.shape());
        double worst = FiniteDifferences.worstRelativeError(x, gradient, in -> net.score(new DataSet(in, y), false), 3);
        assertTrue(worst < 1e-5, "relative error vs finite differences: " + worst);
    }

    /** in - conv a - batch norm - conv b - drop-path(b) - (a + drop-path) - merge with a - dense (dropout) - output. */
    public static ComputationGraph batchNormStochasticDepthGraph() {
        ComputationGraph graph = residualMergeHead(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.05)).trainingWorkspaceMode(WorkspaceMode.NONE).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .addLayer("a", convolution().build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "a")
                .addLayer("b", convolution().build(), "bn")
                .addVertex("drop", new DropPathTestVertex(0.6), "b"), "drop");
        AttackFixtures.scrambleBatchNorm(graph.getLayers(), 25);
        return graph;
    }

    @Test
    void graphWithBatchNormAndStochasticVertexMatchesFiniteDifferences() {
        assertGraphGradientMatchesFiniteDifferences(batchNormStochasticDepthGraph(), 26,
                "the stochastic vertex or dropout was on");
    }

    /**
     * Asserts that the input gradient of {@code graph} at 3 images drawn with {@code seed} is deterministic (else
     * {@code stochastic}) and matches finite differences of the inference-mode loss, before and after a
     * training step on them: it follows the trained parameters.
     */
    private static void assertGraphGradientMatchesFiniteDifferences(ComputationGraph graph, long seed,
            String stochastic) {
        INDArray x = AttackFixtures.images(3, 6, seed);
        INDArray y = AttackFixtures.labels(3);
        InputGradient source = InputGradient.forModel(graph);
        assertEquals(graph, source.model());
        assertDeterministicInferenceGradient(graph, source, x, y, stochastic, "");
        graph.fit(new DataSet(x, y));
        assertDeterministicInferenceGradient(graph, source, x, y, stochastic, "after training the graph: ");
    }

    /**
     * Asserts that {@code source}'s gradient of {@code graph} at (x, y) leaves x alone, is the same when asked
     * again (else {@code stochastic}) and matches finite differences of the inference-mode loss;
     * {@code when} starts the failure messages.
     */
    private static void assertDeterministicInferenceGradient(ComputationGraph graph, InputGradient source, INDArray x,
            INDArray y, String stochastic, String when) {
        INDArray gradient = AttackFixtures.leavingAlone(x, () -> source.of(x, y));
        assertEquals(gradient, source.of(x, y), when + "not deterministic: " + stochastic);
        double worst = FiniteDifferences.worstRelativeError(x, gradient, in -> graph.score(new DataSet(in, y), false), 5);
        assertTrue(worst < 1e-5, when + "relative error vs finite differences: " + worst);
    }

    @Test
    void forModelTakesNetworksAndGraphsOnly() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        assertEquals(net, assertInstanceOf(MultiLayerNetworkInputGradient.class, InputGradient.forModel(net)).model());
        ComputationGraph graph = residualMergeGraph();
        assertEquals(graph, assertInstanceOf(ComputationGraphInputGradient.class, InputGradient.forModel(graph))
                .model());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InputGradient.forModel(net.getLayer(0)));
        assertTrue(error.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), error.getMessage());
    }

    @Test
    void mismatchedLabelsAreRefusedWithAClearMessage() {
        InputGradient source = InputGradient.forModel(AttackFixtures.smallCnn(1.0));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> source.of(AttackFixtures.images(4, 1), AttackFixtures.labels(3)));
        assertTrue(error.getMessage().contains("same batch size"), error.getMessage());
    }
}
