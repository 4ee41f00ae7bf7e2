package org.rtrain.experiments;

import java.util.Locale;

import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.attacks.PgdAttack;

/**
 * Adversarial training of an FGSM- spec. The paper does not state its FGSM epsilon: it is explicit here.
 *
 * @param attack   {@code fgsm} (Goodfellow et al.'s mixed loss) or {@code pgd} (Madry et al.)
 * @param epsilon  L-infinity radius in pixel units
 * @param alpha    weight of the clean loss, in [0, 1]
 * @param steps    PGD steps (1 for FGSM)
 * @param stepSize PGD step size in pixel units (epsilon for FGSM)
 */
public record AdversarialPlan(String attack, double epsilon, double alpha, int steps, double stepSize) {

    public AdversarialPlan {
        training(attack, epsilon, alpha, steps, stepSize, 0);
    }

    /** Goodfellow et al.'s FGSM training with the mixed loss. */
    public static AdversarialPlan fgsm(double epsilon, double alpha) {
        return new AdversarialPlan("fgsm", epsilon, alpha, 1, epsilon);
    }

    /** The training strategy, with PGD's random starts drawn from {@code seed}. */
    public AdversarialTraining training(long seed) {
        return training(attack, epsilon, alpha, steps, stepSize, seed);
    }

    private static AdversarialTraining training(String attack, double epsilon, double alpha, int steps,
                                                double stepSize, long seed) {
        return switch (attack == null ? "" : attack.toLowerCase(Locale.ROOT)) {
            case "fgsm" -> AdversarialTraining.fgsm(epsilon, alpha);
            case "pgd" -> new AdversarialTraining(new PgdAttack(epsilon, stepSize, steps, true, 1, seed), alpha);
            default -> throw new IllegalArgumentException("Unknown adversarial training attack '" + attack
                    + "': expected fgsm or pgd");
        };
    }
}
