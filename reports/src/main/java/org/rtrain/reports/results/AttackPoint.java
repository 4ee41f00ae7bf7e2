package org.rtrain.reports.results;

import java.util.Objects;

/**
 * Top-1 accuracy under a gradient attack at one radius: a point of a robust-accuracy curve.
 *
 * @param attack   {@code fgsm} or {@code pgd}
 * @param epsilon  L-infinity radius in pixel units [0, 1]
 * @param accuracy accuracy on the attacked test examples
 */
public record AttackPoint(String attack, double epsilon, Accuracy accuracy) {

    public AttackPoint {
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(accuracy, "accuracy");
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("attack epsilon must be a finite number >= 0, got " + epsilon);
        }
    }
}
