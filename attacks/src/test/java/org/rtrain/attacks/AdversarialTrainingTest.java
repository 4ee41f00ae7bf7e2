package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class AdversarialTrainingTest {

    private static DataSet channelsLastBatch(int n, long seed) {
        DataSet batch = AttackFixtures.learnable(n, seed);
        return new DataSet(AttackFixtures.channelsLast(batch.getFeatures()), batch.getLabels());
    }

    @Test
    void batchNormNhwcStepTrainsOnTheInferenceModeAdversarialExamples() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, false);
        MultiLayerNetwork reference = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, false);
        DataSet batch = channelsLastBatch(12, 41);
        AdversarialTraining training = AdversarialTraining.fgsm(0.1, 0.0);
        // The attack sees the deployed function (running statistics), the step trains in training mode.
        INDArray adversarial = new FgsmAttack(0.1).perturb(new InputGradient(reference), batch.getFeatures(),
                batch.getLabels());
        INDArray meanBefore = net.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();

        // Same dropout masks in both training passes.
        Nd4j.getRandom().setSeed(45);
        training.fit(new InputGradient(net), batch);
        Nd4j.getRandom().setSeed(45);
        reference.fit(new DataSet(adversarial, batch.getLabels()));
        assertTrue(net.params().equalsWithEps(reference.params(), 1e-10),
                "step differs from fit on the inference-mode FGSM examples");
        assertNotEquals(meanBefore, net.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN),
                "the running statistics did not follow the training step");
    }

    @Test
    void mixedStepsOnABatchNormNhwcModelLowerTheMixedLoss() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, true);
        InputGradient gradient = new InputGradient(net);
        AdversarialTraining training = AdversarialTraining.fgsm(0.05, AdversarialTraining.GOODFELLOW_ALPHA);
        DataSet batch = channelsLastBatch(30, 42);
        double first = training.fit(gradient, batch);
        double last = first;
        for (int i = 0; i < 30; i++) {
            last = training.fit(gradient, batch);
        }
        assertTrue(last < 0.8 * first, "mixed loss did not fall: " + first + " -> " + last);
        assertEquals(31, net.getIterationCount());
    }

    @Test
    void pgdStepsDrawAFreshRandomStartEachIteration() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        DataSet batch = AttackFixtures.learnable(6, 43);
        PgdAttack attack = new PgdAttack(0.1, 0.02, 2, true, 1, 44);
        AdversarialTraining training = AdversarialTraining.pgd(attack);
        InputGradient gradient = new InputGradient(net);
        net.setIterationCount(5);
        INDArray atFive = training.adversarialFeatures(gradient, batch);
        assertEquals(attack.forStream(5).perturb(gradient, batch.getFeatures(), batch.getLabels()), atFive);
        assertNotEquals(attack.forStream(4).perturb(gradient, batch.getFeatures(), batch.getLabels()), atFive);
        assertEquals(new FgsmAttack(0.1), new FgsmAttack(0.1).forStream(5), "FGSM has no randomness to reseed");
    }

    @Test
    void publishedSettingsAndJsonRoundTrip() {
        assertEquals(new AdversarialTraining(new FgsmAttack(0.25), 0.5), AdversarialTraining.goodfellowMnist());
        assertEquals(new AdversarialTraining(new FgsmAttack(0.1), 0.5), AdversarialTraining.goodfellowCifar());
        assertEquals(new AdversarialTraining(new PgdAttack(0.3, 0.01, 40, true, 1, 7), 0.0),
                AdversarialTraining.madryMnist(7));
        assertEquals(new AdversarialTraining(new PgdAttack(8 / 255.0, 2 / 255.0, 7, true, 1, 7), 0.0),
                AdversarialTraining.madryCifar(7));
        for (AdversarialTraining strategy : new AdversarialTraining[] {AdversarialTraining.goodfellowMnist(),
                AdversarialTraining.madryCifar(9), new AdversarialTraining(new PgdAttack(0.2, 0.05, 5, true, 3, 1), 0.3)}) {
            assertEquals(strategy, AdversarialTraining.fromJson(strategy.toJson()), strategy.toJson());
        }
        assertEquals(AdversarialTraining.goodfellowMnist(),
                AdversarialTraining.fromJson("{\"attack\":{\"type\":\"fgsm\",\"epsilon\":0.25},\"alpha\":0.5}"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AdversarialTraining.fromJson("{\"attack\":{\"type\":\"fgsm\",\"epsilon\":-1},\"alpha\":0.5}"));
        assertTrue(error.getMessage().contains("epsilon"), error.getMessage());
    }
}
