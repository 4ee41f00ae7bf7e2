package org.rtrain.experiments;

import java.util.Locale;
import java.util.Objects;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.models.PerturbationSettings;
import org.rtrain.perturb.PerturbationPlacement;

/**
 * One row of one of the paper's tables, at one scale, as data: what to train, how, with which
 * seeds, and what the paper left unsaid made explicit.
 *
 * @param id                    unique name, e.g. {@code table4-mnist-lenet-r}
 * @param table                 the paper's table
 * @param paperDataset          the dataset the paper's row used
 * @param model                 the model, spelled as in the paper's table CSV
 * @param variant               base, fgsm or r
 * @param scale                 smoke, quick or paper
 * @param training              epochs, batch size, data limits and optimiser
 * @param perturbationEpsilon   R- only: the sign perturbation's epsilon (the paper does not state it)
 * @param growProbability       R- only: the paper's p
 * @param perturbationPlacement R- only: {@code input}, {@code hidden} or {@code input+hidden} (the paper
 *                              says "input and hidden space" without naming layers)
 * @param fgsmEpsilon           FGSM- only: attack radius in pixel units (the paper does not state it)
 * @param fgsmAlpha             FGSM- only: weight of the clean loss
 * @param seeds                 number of runs, each with a seed derived from the base seed and its index
 * @param baseSeed              base of the run seeds
 */
public record ExperimentSpec(String id, int table, String paperDataset, String model, Variant variant, Scale scale,
                             TrainingPlan training, double perturbationEpsilon, double growProbability,
                             String perturbationPlacement, double fgsmEpsilon, double fgsmAlpha, int seeds,
                             long baseSeed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExperimentSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(variant, "variant of " + id);
        Objects.requireNonNull(scale, "scale of " + id);
        Objects.requireNonNull(training, "training of " + id);
        if (seeds <= 0) {
            throw new IllegalArgumentException(id + ": seeds must be >= 1, got " + seeds);
        }
        placement(perturbationPlacement);
        if (variant == Variant.R) {
            new PerturbationSettings(perturbationEpsilon, growProbability, placement(perturbationPlacement));
        }
        if (variant == Variant.FGSM) {
            AdversarialTraining.fgsm(fgsmEpsilon, fgsmAlpha);
        }
    }

    /** The perturbation this spec trains with ({@link PerturbationSettings#none()} unless R-). */
    public PerturbationSettings perturbation() {
        return variant == Variant.R
                ? new PerturbationSettings(perturbationEpsilon, growProbability, placement(perturbationPlacement))
                : PerturbationSettings.none();
    }

    /** The FGSM training this spec uses (FGSM- only). */
    public AdversarialTraining fgsmTraining() {
        return AdversarialTraining.fgsm(fgsmEpsilon, fgsmAlpha);
    }

    /** A copy with another number of seeds. */
    public ExperimentSpec withSeeds(int newSeeds) {
        return new ExperimentSpec(id, table, paperDataset, model, variant, scale, training, perturbationEpsilon,
                growProbability, perturbationPlacement, fgsmEpsilon, fgsmAlpha, newSeeds, baseSeed);
    }

    /** The spec as JSON, including its seeds. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise spec " + id, e);
        }
    }

    /** Parses a spec from JSON, validating it. */
    public static ExperimentSpec fromJson(String json) {
        try {
            return JSON.readValue(json, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a valid experiment spec: " + e.getOriginalMessage(), e);
        }
    }

    private static PerturbationPlacement placement(String text) {
        return switch (text == null ? "none" : text.toLowerCase(Locale.ROOT)) {
            case "none" -> PerturbationPlacement.none();
            case "input" -> PerturbationPlacement.input();
            case "hidden" -> PerturbationPlacement.allHidden();
            case "input+hidden" -> PerturbationPlacement.inputAndAllHidden();
            default -> throw new IllegalArgumentException("Unknown perturbation placement '" + text
                    + "': expected none, input, hidden or input+hidden");
        };
    }
}
