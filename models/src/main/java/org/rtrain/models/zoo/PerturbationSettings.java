package org.rtrain.models.zoo;

import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.PerturbationScope;
import org.rtrain.perturb.SignPerturbation;

/**
 * The sign perturbation a model is trained with (the paper's R- variant), or none. The paper states
 * neither its epsilon nor the layers it acts on: both are explicit here. In JSON (an experiment spec)
 * the placement is written as its {@link PerturbationScope}, e.g.
 * {@code {"epsilon":0.1,"growProbability":0.5,"placement":"input+hidden"}}.
 *
 * @param epsilon         relative size of the perturbation, {@code >= 0}
 * @param growProbability probability that a magnitude grows (the paper's p), in [0, 1]
 * @param placement       where in the network it acts
 */
@JsonPropertyOrder({"epsilon", "growProbability", "placement"})
public record PerturbationSettings(double epsilon, double growProbability, @JsonIgnore PerturbationPlacement placement) {

    public PerturbationSettings {
        Objects.requireNonNull(placement, "placement");
        if (!placement.isNone()) {
            new SignPerturbation(epsilon, growProbability); // validates both, with clear messages
        }
    }

    /**
     * The settings placed as {@code scope} says (how specs are read).
     *
     * @throws IllegalArgumentException when {@code scope} is null, or for an invalid epsilon or growProbability
     */
    @JsonCreator
    public static PerturbationSettings of(@JsonProperty("epsilon") double epsilon,
                                          @JsonProperty("growProbability") double growProbability,
                                          @JsonProperty("placement") PerturbationScope scope) {
        // a missing placement is refused with the message that lists the valid ones
        PerturbationScope given = scope == null ? PerturbationScope.fromCode(null) : scope;
        return new PerturbationSettings(epsilon, growProbability, given.placement());
    }

    /** Plain training. */
    public static PerturbationSettings none() {
        return new PerturbationSettings(0.0, 0.5, PerturbationPlacement.none());
    }

    /**
     * The scope of {@link #placement()} (how specs are written).
     *
     * @throws IllegalStateException when the placement is none of {@link PerturbationScope}'s, e.g. named layers
     */
    @JsonProperty("placement")
    public PerturbationScope scope() {
        return PerturbationScope.of(placement).orElseThrow(() -> new IllegalStateException("The perturbation placement "
                + placement + " has no name in a spec: expected input, hidden or input+hidden"));
    }

    /** A copy with another epsilon (the eps sweep). */
    public PerturbationSettings withEpsilon(double newEpsilon) {
        return new PerturbationSettings(newEpsilon, growProbability, placement);
    }

    /** True when the network is trained without the perturbation. */
    @JsonIgnore
    public boolean isNone() {
        return placement.isNone() || epsilon == 0.0;
    }

    /** The operator itself. */
    public SignPerturbation perturbation() {
        return new SignPerturbation(epsilon, growProbability);
    }
}
