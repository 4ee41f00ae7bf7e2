package org.rtrain.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.rtrain.models.layers.GradientChecks;

class MarginLossTest {

    private static final MarginLoss LOSS = MarginLoss.sabour();

    @Test
    void matchesTheFormulaOnAHandWorkedExample() {
        INDArray lengths = Nd4j.createFromArray(new double[][] {{0.95, 0.3, 0.05}, {0.5, 0.2, 0.7}});
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0, 1}});
        // Row 0: present 0.95 >= 0.9 -> 0; absent 0.3 -> 0.5 * 0.2^2; absent 0.05 < 0.1 -> 0.
        // Row 1: absent 0.5 -> 0.5 * 0.4^2; absent 0.2 -> 0.5 * 0.1^2; present 0.7 -> 0.2^2.
        double row0 = 0.5 * 0.04;
        double row1 = 0.5 * 0.16 + 0.5 * 0.01 + 0.04;
        INDArray perExample = LOSS.computeScoreArray(labels, lengths, new ActivationIdentity(), null);
        assertEquals(row0, perExample.getDouble(0), 1e-12);
        assertEquals(row1, perExample.getDouble(1), 1e-12);
        assertEquals((row0 + row1) / 2, LOSS.computeScore(labels, lengths, new ActivationIdentity(), null, true), 1e-12);
        assertEquals(row0 + row1, LOSS.computeScore(labels, lengths, new ActivationIdentity(), null, false), 1e-12);
        INDArray exampleMask = Nd4j.createFromArray(new double[][] {{0}, {1}});
        assertEquals(row1, LOSS.computeScore(labels, lengths, new ActivationIdentity(), exampleMask, false), 1e-12);
        assertTrue(LOSS.computeGradient(labels, lengths, new ActivationIdentity(), exampleMask).getRow(0)
                .equals(Nd4j.zeros(DataType.DOUBLE, 3)), "a masked example gets no gradient");
    }

    @Test
    void gradientMatchesFiniteDifferencesThroughAnActivation() {
        INDArray preOutput = Nd4j.createFromArray(new double[][] {{2.0, -1.0, 0.3, -2.5}, {-0.2, 1.5, -3.0, 0.1}});
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0, 1}, {0, 1, 0, 0}});
        ActivationSigmoid sigmoid = new ActivationSigmoid();
        INDArray analytic = LOSS.computeGradient(labels, preOutput, sigmoid, null);
        double h = 1e-6;
        for (int i = 0; i < preOutput.rows(); i++) {
            for (int j = 0; j < preOutput.columns(); j++) {
                INDArray plus = preOutput.dup();
                plus.putScalar(i, j, preOutput.getDouble(i, j) + h);
                INDArray minus = preOutput.dup();
                minus.putScalar(i, j, preOutput.getDouble(i, j) - h);
                double numeric = (LOSS.computeScore(labels, plus, sigmoid, null, false)
                        - LOSS.computeScore(labels, minus, sigmoid, null, false)) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i, j), 1e-7, "element " + i + "," + j);
            }
        }
    }

    @Test
    void networkGradientCheckPassesAndTheLossSurvivesJson() {
        GradientChecks.inDoublePrecision(() -> {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).list()
                    .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                    .layer(new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build())
                    .layer(new LossLayer.Builder(LOSS).activation(Activation.IDENTITY).build())
                    .setInputType(InputType.feedForward(3)).build();
            assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
            MultiLayerNetwork network = new MultiLayerNetwork(conf);
            network.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).subi(0.5).muli(4);
            INDArray y = Nd4j.eye(4).castTo(DataType.DOUBLE).getRows(0, 1, 2, 3, 0, 2);
            assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(network, x, y, 1e-10)));
        });
    }

    @Test
    void rejectsBadMarginsAndMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> new MarginLoss(1.2, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new MarginLoss(0.9, 0.95, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new MarginLoss(0.9, 0.1, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LOSS.computeScore(
                Nd4j.zeros(2, 3), Nd4j.zeros(2, 4), new ActivationIdentity(), null, true));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
