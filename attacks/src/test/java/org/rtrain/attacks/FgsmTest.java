package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
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
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.attacks.training.AdversarialTraining;

class FgsmTest {

    @Test
    void zeroEpsilonLeavesInputsUnchanged() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        INDArray x = AttackFixtures.images(5, 3);
        assertEquals(x, new FgsmAttack(0).perturb(InputGradient.forModel(net), x, AttackFixtures.labels(5)));
    }

    @Test
    void staysInTheEpsilonBallAndPixelRangeAndRaisesTheLoss() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        INDArray x = AttackFixtures.images(30, 4);
        INDArray y = AttackFixtures.labels(30);
        INDArray adversarial = AttackFixtures.perturbWithinBall(new FgsmAttack(0.05), net, x, y, 0.05);
        double clean = net.score(new DataSet(x, y), false);
        double attacked = net.score(new DataSet(adversarial, y), false);
        assertTrue(attacked > clean, "FGSM did not raise the loss: " + clean + " -> " + attacked);
    }

    @Test
    void trainingStepFollowsTheMixedLossOfGoodfellowEtAl() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        MultiLayerNetwork reference = AttackFixtures.smallCnn(1.0);
        INDArray x = AttackFixtures.images(8, 5);
        INDArray y = AttackFixtures.labels(8);
        DataSet batch = new DataSet(x, y);
        AdversarialTraining training = AdversarialTraining.fgsm(0.1, 0.5);
        INDArray adversarial = training.trainerFor(reference).adversarialFeatures(batch);

        double loss = training.trainerFor(net).fit(batch);
        // With alpha = 0.5 the mixed loss is the mean loss over the clean and adversarial rows together.
        double expectedLoss = reference.score(new DataSet(Nd4j.concat(0, x, adversarial), Nd4j.concat(0, y, y)), true);
        reference.fit(new DataSet(Nd4j.concat(0, x, adversarial), Nd4j.concat(0, y, y)));
        assertEquals(expectedLoss, loss, 1e-9);
        assertTrue(net.params().equalsWithEps(reference.params(), 1e-10), "step differs from fit on [x; x_adv]");
        assertEquals(1, net.getIterationCount());
    }

    @Test
    void alphaOneIsCleanTraining() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        MultiLayerNetwork reference = AttackFixtures.smallCnn(1.0);
        DataSet batch = new DataSet(AttackFixtures.images(8, 6), AttackFixtures.labels(8));
        AdversarialTraining.fgsm(0.2, 1.0).trainerFor(net).fit(batch);
        reference.fit(batch);
        assertTrue(net.params().equalsWithEps(reference.params(), 1e-10));
    }

    @Test
    void trainingStepWorksOnAComputationGraphAsFitOnCleanAndAdversarialRows() {
        ComputationGraph graph = graph();
        ComputationGraph reference = graph();
        INDArray x = AttackFixtures.images(6, 8);
        INDArray y = AttackFixtures.labels(6);
        AdversarialTraining training = AdversarialTraining.fgsm(0.1, 0.5);
        INDArray adversarial = training.trainerFor(reference).adversarialFeatures(new DataSet(x, y));
        training.trainerFor(graph).fit(new DataSet(x, y));
        reference.fit(new DataSet(Nd4j.concat(0, x, adversarial), Nd4j.concat(0, y, y)));
        assertTrue(graph.params().equalsWithEps(reference.params(), 1e-10), "graph step differs from fit on [x; x_adv]");
        assertEquals(1, graph.getIterationCount());
    }

    private static ComputationGraph graph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("dense", new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new FgsmAttack(-0.1));
        assertThrows(IllegalArgumentException.class, () -> AdversarialTraining.fgsm(0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> AdversarialTraining.fgsm(Double.NaN, 0.5));
    }
}
