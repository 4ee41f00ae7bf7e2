package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class InputGradientTest {

    /**
     * Worst relative error between {@code gradient} and central differences of the summed
     * inference-mode loss {@code meanLoss * batch}, over every {@code stride}-th input element.
     */
    private static double worstRelativeError(INDArray x, INDArray gradient, ToDoubleFunction<INDArray> meanLoss,
                                             int stride) {
        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < x.length(); i += stride) {
            INDArray plus = x.dup();
            plus.putScalar(i, plus.getDouble(i) + h);
            INDArray minus = x.dup();
            minus.putScalar(i, minus.getDouble(i) - h);
            double numeric = (meanLoss.applyAsDouble(plus) - meanLoss.applyAsDouble(minus)) * x.size(0) / (2 * h);
            double analytic = gradient.getDouble(i);
            double error = Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic));
            worst = Math.max(worst, Math.abs(numeric - analytic) < 1e-9 ? 0 : error);
        }
        return worst;
    }

    @Test
    void matchesFiniteDifferencesOfTheInferenceModeLoss() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        INDArray x = AttackFixtures.images(4, 1);
        INDArray y = AttackFixtures.labels(4);
        INDArray before = x.dup();
        INDArray gradient = new InputGradient(net).of(x, y);
        assertEquals(before, x, "features were mutated");
        double worst = worstRelativeError(x, gradient, in -> net.score(new DataSet(in, y), false), 7);
        assertTrue(worst < 1e-5, "relative error vs finite differences: " + worst);
    }

    @Test
    void isDeterministicDespiteDropoutAndFollowsTraining() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        InputGradient gradient = new InputGradient(net);
        INDArray x = AttackFixtures.images(6, 2);
        INDArray y = AttackFixtures.labels(6);
        INDArray first = gradient.of(x, y);
        assertEquals(first, gradient.of(x, y));
        net.fit(new DataSet(x, y));
        assertTrue(!first.equals(gradient.of(x, y)), "the twin does not see the trained parameters");
    }

    /** in - conv a - conv b - (a + b) residual - merge with a - dense (dropout) - output. */
    private static ComputationGraph residualMergeGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).dropOut(0.5).build(), "a")
                .addVertex("residual", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addVertex("merge", new MergeVertex(), "residual", "a")
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).dropOut(0.5).build(),
                        "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void graphWithResidualAndMergeMatchesFiniteDifferences() {
        ComputationGraph graph = residualMergeGraph();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 1, 6, 6);
        INDArray y = AttackFixtures.labels(3);
        INDArray before = x.dup();
        InputGradient source = new InputGradient(graph);
        INDArray gradient = source.of(x, y);
        assertEquals(before, x, "features were mutated");
        assertEquals(gradient, source.of(x, y), "not deterministic: dropout was on");
        double worst = worstRelativeError(x, gradient, in -> graph.score(new DataSet(in, y), false), 5);
        assertTrue(worst < 1e-5, "relative error vs finite differences: " + worst);
        assertEquals(graph, source.model());
    }

    @Test
    void refusesBatchNormalization() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new BatchNormalization.Builder().nIn(4).nOut(4).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        assertThrows(UnsupportedOperationException.class, () -> new InputGradient(net));
    }
}
