package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The perturbation as a graph vertex: one draw shared by every consumer, exact gradients, identity at inference. */
class PerturbationVertexTest {

    /** in - a; a feeds the layer b, the merge a + b and the layer c; everything hidden is perturbed. */
    private static ComputationGraph network(DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                .dataType(type).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(5).nOut(5).activation(Activation.TANH).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("c", new DenseLayer.Builder().nIn(5).nOut(5).activation(Activation.TANH).build(), "a")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(10).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "sum", "c")
                .setOutputs("out")
                .build();
        ComputationGraph network = new ComputationGraph(PerturbationPlacement.inputAndAllHidden()
                .applyTo(conf, new SignPerturbation(0.3)));
        network.init();
        return network;
    }

    @Test
    void everyConsumerSeesTheSameDrawAndInferenceIsTheIdentity() {
        ComputationGraph network = network(DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5);
        Map<String, INDArray> training = network.feedForward(x, true);
        INDArray a = training.get("a");
        INDArray perturbed = training.get("a_perturbed");
        INDArray ratio = perturbed.div(a);
        for (double r : ratio.data().asDouble()) {
            assertTrue(Math.abs(r - 1.3) < 1e-5 || Math.abs(r - 0.7) < 1e-5, "multiplier " + r);
        }
        assertNotEquals(a, perturbed);
        // b, the merge and c all read the perturbed activation: the merge adds exactly that array.
        assertEquals(perturbed.add(training.get("b")), training.get("sum"));
        Map<String, INDArray> inference = network.feedForward(x, false);
        assertEquals(inference.get("a"), inference.get("a_perturbed"));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph network = network(DataType.DOUBLE);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 3);
            for (int i = 0; i < 5; i++) {
                y.putScalar(i, i % 3, 1.0);
            }
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(network)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                    .callEachIter(n -> Nd4j.getRandom().setSeed(12345))
                    .epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-9));
            assertTrue(ok, "gradient check failed through perturbation vertices");
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    @Test
    void trainingIsReproducibleFromTheNetworkSeed() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4).subi(0.5);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1).castTo(DataType.FLOAT);
        INDArray[] params = new INDArray[2];
        for (int run = 0; run < 2; run++) {
            ComputationGraph network = network(DataType.FLOAT);
            network.setListeners();
            for (int step = 0; step < 4; step++) {
                network.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            }
            params[run] = network.params().dup();
        }
        assertEquals(params[0], params[1]);
    }
}
