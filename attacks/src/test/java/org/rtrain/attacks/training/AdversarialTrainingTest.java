package org.rtrain.attacks.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.attacks.AttackFixtures;
import org.rtrain.attacks.FgsmAttack;
import org.rtrain.attacks.PgdAttack;
import org.rtrain.attacks.gradient.InputGradient;

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
        INDArray adversarial = new FgsmAttack(0.1).perturb(InputGradient.forModel(reference), batch.getFeatures(),
                batch.getLabels());
        INDArray meanBefore = net.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();

        // Same dropout masks in both training passes.
        Nd4j.getRandom().setSeed(45);
        training.trainerFor(net).fit(batch);
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
        AdversarialTrainer trainer = AdversarialTraining.fgsm(0.05, AdversarialTraining.GOODFELLOW_ALPHA)
                .trainerFor(net);
        DataSet batch = channelsLastBatch(30, 42);
        double first = trainer.fit(batch);
        double last = first;
        for (int i = 0; i < 30; i++) {
            last = trainer.fit(batch);
        }
        assertTrue(last < 0.8 * first, "mixed loss did not fall: " + first + " -> " + last);
        assertEquals(31, net.getIterationCount());
    }

    @Test
    void theTrainerBuildsItsInputGradientOnceAndItFollowsTheNetwork() {
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NCHW, true);
        AdversarialTrainer trainer = AdversarialTraining.fgsm(0.1, 0.0).trainerFor(net);
        assertEquals(net, trainer.network());
        DataSet batch = AttackFixtures.learnable(8, 50);
        InputGradient owned = trainer.inputGradient();
        for (int i = 0; i < 3; i++) {
            trainer.fit(batch);
        }
        assertSame(owned, trainer.inputGradient(), "the trainer rebuilt its input gradient");
        assertEquals(InputGradient.forModel(net).of(batch.getFeatures(), batch.getLabels()),
                owned.of(batch.getFeatures(), batch.getLabels()), "the owned twin did not follow the training");
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> AdversarialTraining.goodfellowMnist().trainerFor(net.getLayer(0)));
        assertTrue(layer.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), layer.getMessage());
    }

    @Test
    void pgdStepsDrawAFreshRandomStartEachIteration() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        DataSet batch = AttackFixtures.learnable(6, 43);
        PgdAttack attack = new PgdAttack(0.1, 0.02, 2, true, 1, 44);
        AdversarialTrainer trainer = AdversarialTraining.pgd(attack).trainerFor(net);
        InputGradient gradient = InputGradient.forModel(net);
        net.setIterationCount(5);
        INDArray atFive = trainer.adversarialFeatures(batch);
        assertEquals(attack.forStream(5).perturb(gradient, batch.getFeatures(), batch.getLabels()), atFive);
        assertNotEquals(attack.forStream(4).perturb(gradient, batch.getFeatures(), batch.getLabels()), atFive);
        assertEquals(new FgsmAttack(0.1), new FgsmAttack(0.1).forStream(5), "FGSM has no randomness to reseed");
    }

    /** x and x_adv stacked, with their labels, as one batch of twice the size. */
    private static DataSet cleanAndAdversarial(DataSet batch, INDArray adversarial) {
        return new DataSet(Nd4j.concat(0, batch.getFeatures(), adversarial),
                Nd4j.concat(0, batch.getLabels(), batch.getLabels()));
    }

    @Test
    void withoutDropoutOrBatchNormBothAttackGradientsStepAsFitOnCleanAndAdversarialTogether() {
        // Training and inference mode compute the same function here, so both sources give the same x_adv, and
        // Goodfellow et al.'s alpha = 0.5 loss is the mean loss over [x; x_adv].
        DataSet batch = AttackFixtures.learnable(9, 46);
        MultiLayerNetwork reference = AttackFixtures.smallCnn(1.0);
        INDArray adversarial = new FgsmAttack(0.1).perturb(InputGradient.forModel(reference), batch.getFeatures(),
                batch.getLabels());
        reference.fit(cleanAndAdversarial(batch, adversarial));
        for (AdversarialTraining.AttackGradient source : AdversarialTraining.AttackGradient.values()) {
            MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
            AdversarialTraining training = AdversarialTraining.fgsm(0.1, 0.5).withAttackGradient(source);
            double loss = training.trainerFor(net).fit(batch);
            assertTrue(net.params().equalsWithEps(reference.params(), 1e-10), source + ": step differs from fit on "
                    + "[x; x_adv]");
            assertEquals(reference.score(), loss, 1e-10, source + ": mixed loss");
            assertEquals(1, net.getIterationCount());
        }
    }

    @Test
    void graphStepsAsFitOnCleanAndAdversarialTogether() {
        DataSet batch = AttackFixtures.learnable(6, 47);
        ComputationGraph reference = AttackFixtures.smallCnn(1.0).toComputationGraph();
        INDArray adversarial = new FgsmAttack(0.1).perturb(InputGradient.forModel(reference), batch.getFeatures(),
                batch.getLabels());
        reference.fit(cleanAndAdversarial(batch, adversarial));
        ComputationGraph graph = AttackFixtures.smallCnn(1.0).toComputationGraph();
        double loss = AdversarialTraining.fgsm(0.1, 0.5).trainerFor(graph).fit(batch);
        assertTrue(graph.params().equalsWithEps(reference.params(), 1e-10), "step differs from fit on [x; x_adv]");
        assertEquals(reference.score(), loss, 1e-10);
    }

    @Test
    void trainingPassAttackUsesTheGradientOfTheFunctionBeingTrained() {
        // Batch norm on batch statistics and dropout make the training pass's input gradient differ from the
        // deployed model's; the two-pass step attacks the former, with that pass's dropout masks.
        MultiLayerNetwork net = AttackFixtures.batchNormCnn(CNN2DFormat.NCHW, false);
        MultiLayerNetwork reference = AttackFixtures.batchNormCnn(CNN2DFormat.NCHW, false);
        DataSet batch = AttackFixtures.learnable(8, 48);
        Nd4j.getRandom().setSeed(49);
        new AdversarialTraining(new FgsmAttack(0.1), 0.5).trainerFor(net).fit(batch);

        Nd4j.getRandom().setSeed(49);
        INDArray trainingInputGradient = reference.calculateGradients(batch.getFeatures(), batch.getLabels(), null,
                null).getSecond();
        INDArray cleanGradient = reference.getGradientsViewArray().dup();
        INDArray adversarial = new FgsmAttack(0.1).perturb(batch.getFeatures(), trainingInputGradient);
        reference.setInput(adversarial);
        reference.setLabels(batch.getLabels());
        reference.computeGradientAndScore();
        reference.getGradientsViewArray().muli(0.5).addi(cleanGradient.muli(0.5));
        reference.getUpdater().update(reference, reference.gradient(), 0, 0, 8, LayerWorkspaceMgr.noWorkspaces());
        reference.params().subi(reference.getGradientsViewArray().reshape(reference.params().shape()));
        assertTrue(net.params().equalsWithEps(reference.params(), 1e-10),
                "the step is not the clean training pass attacked, then mixed with the adversarial pass");
        assertNotEquals(adversarial, new FgsmAttack(0.1).perturb(InputGradient.forModel(AttackFixtures.batchNormCnn(
                CNN2DFormat.NCHW, false)), batch.getFeatures(), batch.getLabels()),
                "fixture: the deployed model's attack should differ from the training pass's");
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

    @Test
    void fgsmWithACleanLossDefaultsToTheTrainingPassAndTheTwinStaysSelectable() {
        assertEquals(AdversarialTraining.AttackGradient.TRAINING_PASS,
                AdversarialTraining.goodfellowMnist().attackGradient());
        assertEquals(AdversarialTraining.AttackGradient.INFERENCE_TWIN, AdversarialTraining.fgsm(0.1, 0).attackGradient());
        assertEquals(AdversarialTraining.AttackGradient.INFERENCE_TWIN, AdversarialTraining.madryMnist(1).attackGradient());
        AdversarialTraining twin = AdversarialTraining.goodfellowCifar()
                .withAttackGradient(AdversarialTraining.AttackGradient.INFERENCE_TWIN);
        assertEquals(twin, AdversarialTraining.fromJson(twin.toJson()), twin.toJson());
        assertTrue(twin.toJson().contains("\"attackGradient\":\"INFERENCE_TWIN\""), twin.toJson());
        assertEquals(twin, AdversarialTraining.fromJson("{\"attack\":{\"type\":\"fgsm\",\"epsilon\":0.1},"
                + "\"alpha\":0.5,\"attackGradient\":\"INFERENCE_TWIN\"}"));
        IllegalArgumentException pgd = assertThrows(IllegalArgumentException.class,
                () -> AdversarialTraining.madryCifar(1).withAttackGradient(AdversarialTraining.AttackGradient.TRAINING_PASS));
        assertTrue(pgd.getMessage().contains("TRAINING_PASS") && pgd.getMessage().contains("INFERENCE_TWIN"),
                pgd.getMessage());
        IllegalArgumentException noCleanPass = assertThrows(IllegalArgumentException.class,
                () -> AdversarialTraining.fromJson("{\"attack\":{\"type\":\"fgsm\",\"epsilon\":0.1},\"alpha\":0,"
                        + "\"attackGradient\":\"TRAINING_PASS\"}"));
        assertTrue(noCleanPass.getMessage().contains("alpha > 0"), noCleanPass.getMessage());
    }
}
