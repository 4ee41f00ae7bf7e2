package org.rtrain.attacks.evaluation;

import java.util.Objects;

/**
 * Accuracy under a gradient attack at one radius: a point of a robust-accuracy curve. Shaped like the
 * reports' {@code AttackPoint(attack, epsilon, accuracy)}.
 *
 * @param attack   {@value #FGSM} or {@value #PGD}
 * @param epsilon  L-infinity radius in pixel units
 * @param accuracy accuracy on the attacked examples
 */
public record AttackAccuracy(String attack, double epsilon, AccuracyEstimate accuracy) {

    /** Name of the fast gradient sign method. */
    public static final String FGSM = "fgsm";
    /** Name of projected gradient descent. */
    public static final String PGD = "pgd";

    public AttackAccuracy {
        if (!FGSM.equals(attack) && !PGD.equals(attack)) {
            throw new IllegalArgumentException("attack must be \"" + FGSM + "\" or \"" + PGD + "\", got " + attack);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("attack epsilon must be a finite number >= 0, got " + epsilon);
        }
        Objects.requireNonNull(accuracy, "accuracy");
    }
}
