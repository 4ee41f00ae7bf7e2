package org.rtrain.models.zoo;

import java.util.Objects;

import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.SignPerturbation;

/**
 * The sign perturbation a model is trained with (the paper's R- variant), or none.
 *
 * @param epsilon         relative size of the perturbation, {@code >= 0}
 * @param growProbability probability that a magnitude grows (the paper's p)
 * @param placement       where in the network it acts
 */
public record PerturbationSettings(double epsilon, double growProbability, PerturbationPlacement placement) {

    public PerturbationSettings {
        Objects.requireNonNull(placement, "placement");
        if (!placement.isNone()) {
            new SignPerturbation(epsilon, growProbability); // validates both, with clear messages
        }
    }

    /** Plain training. */
    public static PerturbationSettings none() {
        return new PerturbationSettings(0.0, 0.5, PerturbationPlacement.none());
    }

    /** True when the network is trained without the perturbation. */
    public boolean isNone() {
        return placement.isNone() || epsilon == 0.0;
    }

    /** The operator itself. */
    public SignPerturbation perturbation() {
        return new SignPerturbation(epsilon, growProbability);
    }
}
