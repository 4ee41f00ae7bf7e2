package org.rtrain.attacks.training;

import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.attacks.Attack;
import org.rtrain.attacks.FgsmAttack;
import org.rtrain.attacks.PgdAttack;

/**
 * Adversarial training as a training strategy: each step minimises
 * {@code alpha * L(x) + (1 - alpha) * L(x_adv)} with {@code x_adv} the attack's example under the
 * current parameters.
 *
 * <p>From Goodfellow, Shlens and Szegedy, "Explaining and harnessing adversarial examples"
 * (arXiv 1412.6572), section 6, equation 3 (FGSM, {@code alpha = 0.5}; {@code epsilon = 0.25} on
 * MNIST, 0.1 on CIFAR-10, pixel scale [0, 1]), and Madry, Makelov, Schmidt, Tsipras and Vladu,
 * "Towards deep learning models resistant to adversarial attacks" (ICLR 2018), section 4 and their
 * released challenge configurations (PGD, trained on adversarial examples only, {@code alpha = 0};
 * MNIST: {@code epsilon = 0.3}, 40 steps of 0.01; CIFAR-10: {@code epsilon = 8/255}, 7 steps of
 * 2/255; both from a uniform random start).
 *
 * <p>Use it for the paper's FGSM- baselines ({@link #goodfellowMnist()}, {@link #fgsm}) or for PGD
 * training ({@link #madryMnist}, {@link #pgd}), on a MultiLayerNetwork or a ComputationGraph:
 * {@code strategy.trainerFor(network).fit(batch)} ({@link #trainerFor}). The record holds the settings
 * and is JSON-serialisable, so an experiment spec can select it, e.g.
 * {@code {"attack":{"type":"fgsm","epsilon":0.25},"alpha":0.5}}. The parameter gradients of the
 * clean and the adversarial pass are mixed with weights {@code alpha} and {@code 1 - alpha} and
 * handed to the network's own updater, as {@code fit} would. (DL4J's label masks cannot weight
 * examples: a mask value other than 0 or 1 scales the output layer's pre-activations, not the loss.)
 * With batch normalisation the two training-mode passes normalise the clean and the adversarial batch
 * each with its own statistics, and the running statistics move by the same mix of the two passes'
 * updates.
 *
 * <p>Where the attack's input gradient comes from ({@link AttackGradient}):
 * <ul>
 *   <li>{@link AttackGradient#TRAINING_PASS}, the default for FGSM with {@code alpha > 0}: from the
 *       clean batch's own training pass, which gives the parameter gradient and the input gradient
 *       at once, as in Goodfellow et al.; a step costs two forward and backward passes. That input
 *       gradient is the one of the function being trained on that step: dropout, the sign
 *       perturbation and stochastic depth with that pass's draws, batch normalisation with the
 *       batch's statistics.</li>
 *   <li>{@link AttackGradient#INFERENCE_TWIN}, the default otherwise (PGD, or {@code alpha = 0}, where
 *       there is no clean pass): the attack's own passes through the network's inference twin
 *       ({@link org.rtrain.attacks.gradient.InputGradient}: dropout, perturbation and stochastic depth off, batch norm
 *       on its running statistics), i.e. the gradient of the deployed model; with FGSM and {@code alpha > 0} a step
 *       then costs three passes. Randomised attacks (PGD's random start) draw from a fresh stream each
 *       iteration ({@link Attack#forStream}), seeded by the attack's seed and the network's iteration
 *       count.</li>
 * </ul>
 *
 * @param attack         the attack that makes {@code x_adv}
 * @param alpha          weight of the clean loss, in [0, 1]; with 0 the clean pass is skipped
 * @param attackGradient where the attack's input gradient comes from; null picks the default above
 */
public record AdversarialTraining(Attack attack, double alpha, AttackGradient attackGradient) {

    /** Where the attack's input gradient comes from. */
    public enum AttackGradient {
        /** The clean batch's training pass (FGSM with {@code alpha > 0} only): two passes per step. */
        TRAINING_PASS,
        /** The deployed model, through the inference twin: the attack's passes plus the training passes. */
        INFERENCE_TWIN
    }

    /** Goodfellow et al.'s weight of the clean loss. */
    public static final double GOODFELLOW_ALPHA = 0.5;
    /** Goodfellow et al.'s MNIST epsilon. */
    public static final double GOODFELLOW_MNIST_EPSILON = 0.25;
    /** Goodfellow et al.'s CIFAR-10 epsilon. */
    public static final double GOODFELLOW_CIFAR_EPSILON = 0.1;

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonCreator
    public AdversarialTraining {
        Objects.requireNonNull(attack, "attack");
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("adversarial training alpha must be in [0, 1], got " + alpha);
        }
        boolean trainingPassPossible = attack instanceof FgsmAttack && alpha > 0;
        if (attackGradient == null) {
            attackGradient = trainingPassPossible ? AttackGradient.TRAINING_PASS : AttackGradient.INFERENCE_TWIN;
        } else if (attackGradient == AttackGradient.TRAINING_PASS && !trainingPassPossible) {
            throw new IllegalArgumentException("adversarial training attackGradient TRAINING_PASS needs an FGSM attack "
                    + "and alpha > 0 (it reuses the clean batch's training pass), got " + attack + " with alpha "
                    + alpha + "; use INFERENCE_TWIN");
        }
    }

    /** The strategy with its default {@link AttackGradient} (see the class description). */
    public AdversarialTraining(Attack attack, double alpha) {
        this(attack, alpha, null);
    }

    /** A copy taking the attack's input gradient from {@code source}. */
    public AdversarialTraining withAttackGradient(AttackGradient source) {
        return new AdversarialTraining(attack, alpha, Objects.requireNonNull(source, "attackGradient"));
    }

    /** FGSM adversarial training with Goodfellow et al.'s mixed loss. */
    public static AdversarialTraining fgsm(double epsilon, double alpha) {
        return new AdversarialTraining(new FgsmAttack(epsilon), alpha);
    }

    /** Goodfellow et al. on MNIST: FGSM at {@code epsilon = 0.25}, {@code alpha = 0.5}. */
    public static AdversarialTraining goodfellowMnist() {
        return fgsm(GOODFELLOW_MNIST_EPSILON, GOODFELLOW_ALPHA);
    }

    /** Goodfellow et al. on CIFAR-10: FGSM at {@code epsilon = 0.1}, {@code alpha = 0.5}. */
    public static AdversarialTraining goodfellowCifar() {
        return fgsm(GOODFELLOW_CIFAR_EPSILON, GOODFELLOW_ALPHA);
    }

    /** PGD adversarial training as Madry et al. do it: on the adversarial examples only. */
    public static AdversarialTraining pgd(PgdAttack attack) {
        return new AdversarialTraining(attack, 0.0);
    }

    /** Madry et al. on MNIST: PGD at {@code epsilon = 0.3}, 40 steps of 0.01 from a random start, {@code alpha = 0}. */
    public static AdversarialTraining madryMnist(long seed) {
        return pgd(new PgdAttack(0.3, 0.01, 40, true, 1, seed));
    }

    /** Madry et al. on CIFAR-10: PGD at {@code epsilon = 8/255}, 7 steps of 2/255 from a random start, {@code alpha = 0}. */
    public static AdversarialTraining madryCifar(long seed) {
        return pgd(new PgdAttack(8 / 255.0, 2 / 255.0, 7, true, 1, seed));
    }

    /** This strategy as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write adversarial training " + this + " as JSON", e);
        }
    }

    /** The strategy {@code json} describes; {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static AdversarialTraining fromJson(String json) {
        try {
            return JSON.readValue(json, AdversarialTraining.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an adversarial training strategy: " + e.getOriginalMessage()
                    + " in " + json, e);
        }
    }

    /**
     * This strategy bound to {@code network} (a MultiLayerNetwork or a ComputationGraph, initialised), which
     * the returned trainer then trains one batch at a time; the trainer builds the input gradients the strategy
     * needs from the network itself.
     *
     * @throws IllegalArgumentException when {@code network} is neither kind
     */
    public AdversarialTrainer trainerFor(Model network) {
        return new AdversarialTrainer(this, network);
    }
}
