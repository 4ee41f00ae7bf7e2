package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.attacks.training.AdversarialTraining;

class PgdAttackTest {

    @Test
    void oneFullStepWithoutRandomStartIsFgsm() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(0.5);
        INDArray x = AttackFixtures.images(6, 1);
        INDArray y = AttackFixtures.labels(6);
        InputGradient gradient = InputGradient.forModel(net);
        assertEquals(new FgsmAttack(0.07).perturb(gradient, x, y),
                new PgdAttack(0.07, 0.07, 1, false, 1, 0).perturb(gradient, x, y));
    }

    @Test
    void staysInTheBallAndPixelRangeAndLeavesInputsAlone() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        INDArray x = AttackFixtures.images(10, 2);
        INDArray y = AttackFixtures.labels(10);
        AttackFixtures.perturbWithinBall(new PgdAttack(0.05, 0.02, 7, true, 3, 9), net, x, y, 0.05);
        assertEquals(x, new PgdAttack(0, 0.01, 3, true, 1, 9).perturb(InputGradient.forModel(net), x, y),
                "eps = 0 must leave the inputs unchanged");
    }

    @Test
    void isAtLeastAsStrongAsFgsmOnATrainedModelAndIsSeeded() {
        MultiLayerNetwork net = AttackFixtures.trainedCnn();
        DataSet test = AttackFixtures.learnable(60, 12);
        InputGradient gradient = InputGradient.forModel(net);
        double clean = AttackFixtures.accuracy(net, test.getFeatures(), test.getLabels());
        assertTrue(clean > 0.9, "the fixture model did not learn: clean accuracy " + clean);
        double eps = 0.15;
        double fgsm = AttackFixtures.accuracy(net, new FgsmAttack(eps).perturb(gradient, test.getFeatures(),
                test.getLabels()), test.getLabels());
        PgdAttack pgd = new PgdAttack(eps, eps / 4, 10, true, 2, 3);
        INDArray adversarial = pgd.perturb(gradient, test.getFeatures(), test.getLabels());
        double pgdAccuracy = AttackFixtures.accuracy(net, adversarial, test.getLabels());
        assertTrue(pgdAccuracy <= fgsm, "PGD accuracy " + pgdAccuracy + " > FGSM accuracy " + fgsm);
        assertTrue(fgsm < clean, "FGSM did not hurt: " + fgsm + " vs clean " + clean);
        assertEquals(adversarial, pgd.perturb(gradient, test.getFeatures(), test.getLabels()), "not reproducible");
    }

    @Test
    void targetedAttackMovesPredictionsTowardsTheTarget() {
        MultiLayerNetwork net = AttackFixtures.trainedCnn();
        DataSet test = AttackFixtures.learnable(60, 13);
        INDArray target = Nd4j.zeros(test.getLabels().dataType(), 60, 3);
        target.getColumn(2).assign(1.0);
        double before = AttackFixtures.accuracy(net, test.getFeatures(), target);
        INDArray adversarial = new PgdAttack(0.3, 0.05, 20, false, 1, 0)
                .perturbTargeted(InputGradient.forModel(net), test.getFeatures(), target);
        double after = AttackFixtures.accuracy(net, adversarial, target);
        assertTrue(after > before + 0.3, "share predicted as the target: " + before + " -> " + after);
    }

    @Test
    void pgdTrainingStepsOnTheAdversarialExamplesOnly() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        MultiLayerNetwork reference = AttackFixtures.smallCnn(1.0);
        DataSet batch = AttackFixtures.learnable(9, 14);
        PgdAttack attack = new PgdAttack(0.1, 0.03, 5, true, 1, 21);
        // A fresh network is at iteration 0: the training step draws from the attack's stream 0.
        INDArray adversarial = attack.forStream(0).perturb(InputGradient.forModel(reference), batch.getFeatures(),
                batch.getLabels());
        AdversarialTraining.pgd(attack).trainerFor(net).fit(batch);
        reference.fit(new DataSet(adversarial, batch.getLabels()));
        assertTrue(net.params().equalsWithEps(reference.params(), 1e-10), "PGD training step differs from fit on x_adv");
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PgdAttack(0.1, 0.01, 0, true, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PgdAttack(0.1, -0.01, 5, true, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PgdAttack(0.1, 0.01, 5, false, 3, 0));
    }
}
