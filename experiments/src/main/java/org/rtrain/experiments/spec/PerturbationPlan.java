package org.rtrain.experiments.spec;

import java.util.Locale;

import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.perturb.PerturbationPlacement;

/**
 * The sign perturbation of an R- spec. The paper states neither its epsilon nor the layers it acts on:
 * both are explicit here.
 *
 * @param epsilon         relative size of the perturbation, {@code >= 0}
 * @param growProbability the paper's p, in [0, 1]
 * @param placement       {@code input}, {@code hidden} or {@code input+hidden}
 */
public record PerturbationPlan(double epsilon, double growProbability, String placement) {

    public PerturbationPlan {
        settings(epsilon, growProbability, placement);
    }

    /** The settings the models module takes. */
    public PerturbationSettings settings() {
        return settings(epsilon, growProbability, placement);
    }

    /** A copy with another epsilon (the eps sweep). */
    public PerturbationPlan withEpsilon(double newEpsilon) {
        return new PerturbationPlan(newEpsilon, growProbability, placement);
    }

    private static PerturbationSettings settings(double epsilon, double growProbability, String placement) {
        PerturbationPlacement where = switch (placement == null ? "" : placement.toLowerCase(Locale.ROOT)) {
            case "input" -> PerturbationPlacement.input();
            case "hidden" -> PerturbationPlacement.allHidden();
            case "input+hidden" -> PerturbationPlacement.inputAndAllHidden();
            default -> throw new IllegalArgumentException("Unknown perturbation placement '" + placement
                    + "': expected input, hidden or input+hidden");
        };
        return new PerturbationSettings(epsilon, growProbability, where);
    }
}
